import path from "node:path";
import { type App, type ElementDefine, combineProblems } from "@elemental/core";
import { type Command, Option } from "commander";
import type { CliContext } from "../context";
import { CliError, EXIT } from "../errors";
import { inspect } from "../loadApp";
import { type CommandResult, humanBytes, plural, table } from "../output";
import { problemsOf } from "../problems";
import { problemLines } from "../report";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";

interface LsOptions {
  kind?: "meta" | "type" | "instance";
}

export function registerLs(program: Command, run: Runner): void {
  program
    .command("ls")
    .summary("list the elements, or a storage's objects")
    .description("without <element>: list the application's elements; with it: list that storage's objects")
    .argument("[element]", "a storage instance, e.g. storages.Files (or storages/Files)")
    .argument("[prefix]", "only objects whose key starts with this", "")
    .addOption(new Option("--kind <kind>", "only elements of this kind").choices(["meta", "type", "instance"]))
    .action((element: string | undefined, prefix: string, options: LsOptions, command: Command) =>
      run(command, (ctx) => (element === undefined ? listElements(ctx, options) : listObjects(ctx, element, prefix, options))),
    );
}

/** The elements that could be read; the problems of the others go to stderr (exit 1) rather than hiding the rest. */
async function listElements(ctx: CliContext, options: LsOptions): Promise<CommandResult> {
  const { app, problems: errors } = await inspect(ctx);
  if (!app) throw combineProblems(errors);
  const problems = errors.flatMap(problemsOf);
  const elements = Object.values(app.getAllElementsDefine())
    .filter((define) => options.kind === undefined || define.kind === options.kind)
    .sort((a, b) => a.fullName.localeCompare(b.fullName))
    .map((define) => ({ fullName: define.fullName, kind: define.kind, type: define.type, title: define.title, from: sourceOf(app, define) }));
  const rows = elements.map((e) => [e.fullName, e.kind, e.type || "-", e.from, e.title]);
  return {
    data: { root: app.root, appId: app.appId ?? null, elements, problems },
    lines: elements.length === 0 ? [`no elements in ${app.root}`] : table(["NAME", "KIND", "TYPE", "FROM", "TITLE"], rows),
    ...(problems.length > 0 ? { errors: problemLines(problems, ctx.cwd), exitCode: EXIT.failed } : {}),
  };
}

/** "." for the application's own elements, else the appId (or folder name) of the parent that declares it. */
function sourceOf(app: App, define: ElementDefine): string {
  if (define.appRoot === app.root) return ".";
  const parent = app.chain.find((source) => source.root === define.appRoot);
  return parent?.manifest.appId ?? path.basename(define.appRoot);
}

async function listObjects(ctx: CliContext, element: string, prefix: string, options: LsOptions): Promise<CommandResult> {
  if (options.kind !== undefined) {
    throw new CliError("E_USAGE", "--kind filters the list of elements; with an element, ls lists its objects", {
      help: "Drop --kind to list the objects, or the element to list the elements of that kind.",
    });
  }
  const storage = await openStorage(ctx, element);
  const objects = [];
  for await (const entry of storage.list(prefix, { signal: ctx.signal })) objects.push(entry);
  const total = objects.reduce((sum, entry) => sum + entry.size, 0);
  const width = Math.max(4, ...objects.map((entry) => String(entry.size).length));
  const lines = objects.map((entry) => `${String(entry.size).padStart(width)}  ${entry.lastModified.toISOString()}  ${entry.name}`);
  lines.push(`${plural(objects.length, "object")}, ${humanBytes(total)}${prefix ? ` under "${prefix}"` : ""}`);
  return { data: { element: storage.fullName, prefix, count: objects.length, totalSize: total, objects }, lines };
}
