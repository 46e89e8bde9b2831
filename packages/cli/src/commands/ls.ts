import path from "node:path";
import { type App, type ElementDefine, combineProblems, problemsOf } from "@elemental/core";
import type { ListEntry } from "@elemental/storages";
import { type Command, Option } from "commander";
import type { CliContext } from "../context";
import { CliError, EXIT } from "../errors";
import { inspect } from "../loadApp";
import { type CommandResult, humanBytes, plural, table } from "../output";
import { problemLines } from "../report";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";

interface LsOptions {
  kind?: "meta" | "type" | "instance";
  recursive?: boolean;
}

export function registerLs(program: Command, run: Runner): void {
  program
    .command("ls")
    .summary("list the elements, or a storage's objects")
    .description(
      "without <element>: list the application's elements; with it: one folder of that storage (its objects, and its sub-folders as PRE lines), or with -r every object under the prefix",
    )
    .argument("[element]", "a storage instance, e.g. storages.Files (or storages/Files)")
    .argument("[prefix]", "the folder (photos/ or photos); with -r, the start of the keys", "")
    .addOption(new Option("--kind <kind>", "only elements of this kind").choices(["meta", "type", "instance"]))
    .option("-r, --recursive", "every object whose key starts with the prefix, not one folder")
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

/** One folder, page by page with listFolder (never the keys below its sub-folders), or with -r every key under the prefix. */
async function listObjects(ctx: CliContext, element: string, prefix: string, options: LsOptions): Promise<CommandResult> {
  if (options.kind !== undefined) {
    throw new CliError("E_USAGE", "--kind filters the list of elements; with an element, ls lists its objects", {
      help: "Drop --kind to list the objects, or the element to list the elements of that kind.",
    });
  }
  const recursive = options.recursive === true;
  const storage = await openStorage(ctx, element);
  const objects: ListEntry[] = [];
  const folders: string[] = [];
  if (recursive) {
    for await (const entry of storage.list(prefix, { signal: ctx.signal })) objects.push(entry);
  } else {
    let cursor: string | undefined;
    do {
      const page = await storage.listFolder(prefix, { cursor, signal: ctx.signal });
      objects.push(...page.files);
      folders.push(...page.folders);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  const total = objects.reduce((sum, entry) => sum + entry.size, 0);
  // Sizes for a person (the exact bytes are in --json).
  const width = Math.max(4, ...objects.map((entry) => humanBytes(entry.size).length));
  const lines = [
    ...folders.map((folder) => `${"PRE".padStart(width)}  ${" ".repeat(24)}  ${folder}`),
    ...objects.map((entry) => `${humanBytes(entry.size).padStart(width)}  ${entry.lastModified.toISOString()}  ${entry.name}`),
  ];
  const counted = `${plural(objects.length, "object")}, ${humanBytes(total)}`;
  lines.push(`${recursive ? counted : `${plural(folders.length, "folder")}, ${counted}`}${prefix ? ` under "${prefix}"` : ""}`);
  const data = { element: storage.fullName, prefix, count: objects.length, totalSize: total, objects, ...(recursive ? {} : { folders }) };
  return { data, lines };
}
