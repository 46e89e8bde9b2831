import { type App, type ElementClass, suggestionText } from "@elemental/core";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { loadApp } from "../loadApp";
import { type CommandResult, shortenPaths } from "../output";
import { describeError } from "../report";
import type { Runner } from "../runner";
import {
  type InstanceFiles,
  type MissingField,
  elementSegments,
  existingInstanceFile,
  instanceFiles,
  parseSetValue,
  scaffoldConfig,
  schemaFields,
  writeInstanceFiles,
} from "@elemental/storages";
import { repeatable } from "../transfer";

interface NewOptions {
  type: string;
  title?: string;
  set?: string[];
  all?: boolean;
}

export function registerNew(program: Command, run: Runner): void {
  program
    .command("new")
    .summary("scaffold an instance of a Type")
    .description("scaffold an instance: <folder>/e.json and <folder>/<Name>.json from the Type's config schema")
    .argument("<element>", "the element folder relative to the application root, e.g. storages/Files (or storages.Files)")
    .requiredOption("--type <Type>", "the Type to instantiate, e.g. storages.AwsS3Type")
    .option("--title <title>", "the element's title (default: its name)")
    .option("--set <field=value>", "a config value (repeatable); secrets are better left to ${ENV} references", repeatable)
    .option("--all", "also write optional secrets (as ${ENV} references) and optional fields that have a default")
    .action((element: string, options: NewOptions, command: Command) => run(command, (ctx) => scaffold(ctx, element, options)));
}

async function scaffold(ctx: CliContext, element: string, options: NewOptions): Promise<CommandResult> {
  const { segments, problem } = elementSegments(element);
  if (problem !== undefined) throw new CliError("E_USAGE", problem);
  // Only the Type matters here: an unrelated broken element does not stop `new`.
  const app = await loadApp(ctx, { only: [options.type] });
  const files = instanceFiles(app.root, segments);
  const { fullName, name } = files;
  refuseExisting(app, files);
  const cls = typeClass(app, options.type);
  const given = Object.fromEntries((options.set ?? []).map((pair) => parsePair(options.type, cls, pair)));
  const { config, env, missing, optional } = scaffoldConfig(name, cls.configSchema, given, options.all === true);
  if (missing.length > 0) throw missingValues(options.type, missing);
  writeInstanceFiles(files, { title: options.title ?? name, type: options.type }, config);
  const lines = [`created ${fullName} (${options.type})`, `  ${files.declaration}`, `  ${files.config}`];
  if (env.length > 0) lines.push(`set ${env.join(", ")} in the environment (or an --env-file) before using it`);
  if (optional.length > 0)
    lines.push(`optional fields, not written: ${optional.join(", ")}${options.all ? "" : " (--all writes those with defaults, and secrets)"}`);
  const onCreate = typeof cls.onCreate === "function" ? await runOnCreate(ctx, fullName) : undefined;
  if (onCreate) lines.push(onCreate.line);
  lines.push(`then check it with \`elemental validate\`${onCreate ? ` and \`elemental check ${fullName}\`` : ""}`);
  return {
    data: { element: fullName, type: options.type, files: [files.declaration, files.config], env, optional, onCreate: onCreate?.outcome },
    lines: lines.map((line) => shortenPaths(line, ctx.cwd)),
  };
}

/** `new` never overwrites: an element of that name, or either file, already there is an error that says what to do instead. */
function refuseExisting(app: App, files: InstanceFiles): void {
  const { fullName, folder } = files;
  const startOver = `to start it over, delete ${folder} first`;
  if (app.hasElement(fullName)) {
    const define = app.getElementDefine(fullName);
    const what = define.kind === "instance" ? `an instance of ${define.type}` : `a ${define.kind === "meta" ? "Meta" : "Type"}`;
    const own = define.appRoot === app.root;
    throw new CliError("E_ELEMENT_EXISTS", `${fullName} already exists: ${define.file} (${what}${own ? "" : `, from ${define.appRoot}`})`, {
      help: own
        ? `\`new\` never overwrites. To use ${fullName} as it is, skip \`new\` (\`elemental validate\` checks it); to make another, choose a new folder (e.g. ${folder}2); ${startOver}.`
        : `\`new\` never overrides a parent application's element; choose another folder (e.g. ${folder}2).`,
    });
  }
  const existing = existingInstanceFile(files);
  if (existing !== undefined) {
    throw new CliError("E_ELEMENT_EXISTS", `${existing} already exists`, {
      help: `\`new\` never overwrites. Choose a new folder (e.g. ${folder}2), or ${startOver} (\`elemental validate\` shows what is wrong with it).`,
    });
  }
}

/**
 * The Type's onCreate (DiskType makes its directory, the S3 Types check the bucket), once the new config can
 * be used: with placeholders or unset variables it waits, and a failure is reported, the files staying.
 */
async function runOnCreate(ctx: CliContext, fullName: string): Promise<{ outcome: string; line: string }> {
  let app: App;
  try {
    app = await loadApp(ctx, { only: [fullName] });
    app.getElement(fullName);
  } catch (error) {
    return { outcome: "not run", line: `onCreate not run yet: ${describeError(error).message.split("\n")[0]}` };
  }
  try {
    await app.runTypeHook("onCreate", fullName);
    return { outcome: "ok", line: "onCreate: ok" };
  } catch (error) {
    const report = describeError(error);
    return { outcome: `failed: ${report.code}`, line: `onCreate failed: ${report.code} ${report.message}` };
  }
}

/** The class of a Type declared by the application (or one it extends); its static configSchema drives the scaffold. */
function typeClass(app: App, type: string): ElementClass {
  const types = Object.values(app.getAllElementsDefine())
    .filter((d) => d.kind === "type")
    .map((d) => d.fullName)
    .sort();
  if (!app.hasElement(type) || app.getElementDefine(type).kind !== "type") {
    throw new CliError("E_USAGE", `${type} is not a Type of this application`, {
      help: types.length > 0 ? `Types here: ${types.join(", ")}` : "This application declares no Type; add a Type package to app.json extends.",
    });
  }
  return app.getElement<ElementClass>(type);
}

/** One `--set field=value`; a field the Type's schema does not declare is an error (a typo would be dropped in silence). */
function parsePair(type: string, cls: ElementClass, pair: string): [string, unknown] {
  const at = pair.indexOf("=");
  if (at <= 0) throw new CliError("E_USAGE", `--set needs field=value, not "${pair}"`);
  const field = pair.slice(0, at);
  const fields = schemaFields(cls.configSchema);
  if (fields.length > 0 && !fields.includes(field)) {
    throw new CliError("E_USAGE", `--set ${field}: ${type} has no config field "${field}".${suggestionText(field, fields)}`, {
      help: `its fields: ${fields.join(", ")}`,
    });
  }
  return [field, parseSetValue(cls.configSchema, field, pair.slice(at + 1))];
}

function missingValues(type: string, missing: readonly MissingField[]): CliError {
  const pass = missing.map(({ field, hint }) => `--set ${field}=<value>${hint ? ` (${hint})` : ""}`);
  return new CliError("E_USAGE", `${type} needs a value for ${missing.map((m) => m.field).join(", ")}`, {
    help: `pass ${pass.join(" ")}; nothing was written`,
  });
}
