import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ElementError, createApp, writeElementTypes } from "@elemental/core";
import type { Command } from "commander";
import { buildEnv } from "../envFile";
import { CliError } from "../errors";
import * as template from "../init/template";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { userCwd } from "../userCwd";
import { cliVersion } from "../version";
import { DEFAULT_TYPES_FILE } from "./types";

export function registerInit(program: Command, run: Runner): void {
  program
    .command("init")
    .summary("make a folder an Elemental application")
    .description(
      "write app.json, a DiskType default storage (storages/Default, under appData/), main.ts, tsconfig.json and .gitignore into the folder (default: the current one), " +
        "and add the Elemental packages to its package.json. Never overwrites: an existing package.json or .gitignore only gains what is missing, other existing files are kept.",
    )
    .argument("[folder]", "the application folder (created when missing)", ".")
    .action((folder: string, _options: unknown, command: Command) => run(command, async () => init(path.resolve(userCwd(), folder))));
}

async function init(root: string): Promise<CommandResult> {
  if (existsSync(path.join(root, "app.json"))) {
    throw new CliError("E_APP_EXISTS", `${root} is already an application (it has an app.json)`, { help: 'add elements with "elemental new"' });
  }
  mkdirSync(root, { recursive: true });
  const name = packageNameOf(root);
  const packageJson = plannedPackageJson(root, name); // read (and refused when broken) before anything is written
  const done: string[] = [];
  const kept: string[] = [];
  const write = (file: string, content: string): void => {
    const target = path.join(root, file);
    if (existsSync(target)) return void kept.push(file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
    done.push(`created ${file}`);
  };
  write("app.json", json(template.appJson(`app.${name.replace(/[^A-Za-z0-9]/g, "")}`, name)));
  write("storages/Default/e.json", json(template.DEFAULT_STORAGE_DECLARATION));
  write("storages/Default/Default.json", json(template.DEFAULT_STORAGE_CONFIG));
  write("main.ts", template.MAIN_TS);
  write("tsconfig.json", json(template.TSCONFIG));
  done.push(...mergeGitignore(root), ...packageJson.write());
  const typed = await tryWriteElementTypes(root);
  const lines = [...done, ...kept.map((file) => `kept ${file} (it exists)`), typed.line, ...nextSteps(typed.ok)];
  return { data: { root, created: done, kept, elementTypes: typed.ok }, lines };
}

function mergeGitignore(root: string): string[] {
  const file = path.join(root, ".gitignore");
  const text = existsSync(file) ? readFileSync(file, "utf8") : "";
  const present = new Set(text.split(/\r?\n/).map((line) => line.trim()));
  const missing = template.GITIGNORE_LINES.filter((line) => !present.has(line));
  if (missing.length === 0) return [];
  writeFileSync(file, `${text}${text === "" || text.endsWith("\n") ? "" : "\n"}${missing.join("\n")}\n`);
  return [`${text === "" ? "created" : "added to"} .gitignore: ${missing.join(", ")}`];
}

/** package.json with what is missing added (name, dependencies, scripts); no value that is there changes. */
function plannedPackageJson(root: string, name: string): { write(): string[] } {
  const file = path.join(root, "package.json");
  const existed = existsSync(file);
  // A package.json that `npm install` made has no name: put one first, as npm init would.
  const pkg: Record<string, unknown> = { name, version: "0.1.0", private: true, ...(existed ? readPackageJson(file) : {}) };
  const wanted = template.dependenciesFor(cliVersion(), Number(process.versions.node.split(".")[0]));
  const added: string[] = [];
  const section = (key: string, entries: Record<string, string>): void => {
    const current = (pkg[key] ?? {}) as Record<string, string>;
    for (const [entry, value] of Object.entries(entries)) {
      if (key !== "scripts" && isDependency(pkg, entry)) continue;
      if (current[entry] !== undefined) continue;
      current[entry] = value;
      added.push(key === "scripts" ? `script ${entry}` : entry);
    }
    pkg[key] = current;
  };
  section("scripts", template.SCRIPTS);
  section("dependencies", wanted.dependencies);
  section("devDependencies", wanted.devDependencies);
  return {
    write: () => {
      if (added.length === 0) return [];
      writeFileSync(file, json(pkg));
      return [`${existed ? "added to" : "created"} package.json: ${added.join(", ")}`];
    },
  };
}

function isDependency(pkg: Record<string, unknown>, name: string): boolean {
  return ["dependencies", "devDependencies", "optionalDependencies"].some((key) => (pkg[key] as Record<string, string> | undefined)?.[name] !== undefined);
}

function readPackageJson(file: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch (cause) {
    throw new ElementError("E_INVALID_JSON", `${file} is not valid JSON`, { file, cause, help: 'fix it, then run "elemental init" again' });
  }
  throw new ElementError("E_INVALID_JSON", `${file} does not hold a JSON object`, { file, help: 'fix it, then run "elemental init" again' });
}

/** The element map, when the packages are installed already (else `npm install` comes first). */
async function tryWriteElementTypes(root: string): Promise<{ ok: boolean; line: string }> {
  try {
    const app = await createApp({ root, env: buildEnv([]) });
    const { count } = writeElementTypes(app, path.join(root, DEFAULT_TYPES_FILE));
    return { ok: true, line: `wrote ${DEFAULT_TYPES_FILE} (${count} elements)` };
  } catch {
    return { ok: false, line: `${DEFAULT_TYPES_FILE} not written yet: the packages are not installed` };
  }
}

function nextSteps(typed: boolean): string[] {
  return typed ? ["next: npm start   (runs main.ts on the default storage)"] : ["next: npm install && npx elemental types && npm start"];
}

function packageNameOf(root: string): string {
  return (
    path
      .basename(root)
      .toLowerCase()
      .replace(/[^a-z0-9-._~]/g, "-")
      .replace(/^[-._]+/, "") || "my-app"
  );
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
