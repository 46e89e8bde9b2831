import type { Command } from "commander";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { type CommandResult, humanBytes, shortenPaths } from "../output";
import { startProgress } from "../progress";
import type { Runner } from "../runner";
import { repeatable } from "../transfer";
import { copyObject, moveObject } from "./copyObject";
import { DEFAULT_CONCURRENCY, excludeMatcher, parseConcurrency } from "./exclude";
import { describeLocation } from "./location";
import { runSync } from "./runSync";
import { lazyApp, readEndpoints, readSide } from "./sides";
import { sameLocation, sourceObject, targetObject } from "./singleObject";
import { syncResult } from "./syncReport";

interface CopyCommandOptions {
  recursive?: boolean;
  dryRun?: boolean;
  exclude?: string[];
  concurrency: number;
  followSymlinks: boolean;
}

type Mode = "copy" | "move";

/** Registers `cp` or `mv`: one object or file, or with -r everything under a prefix or folder. */
export function registerCopyCommand(program: Command, run: Runner, mode: Mode): void {
  const name = mode === "copy" ? "cp" : "mv";
  const what = mode === "copy" ? "copy" : "move";
  program
    .command(name)
    .summary(`${what} objects within and across storages (and to or from local files)`)
    .description(
      `${what} an object, or with -r everything under a prefix; each side is storages.Name:key (or :prefix/ with -r) or a local ` +
        "path. A destination key that is empty or ends in / (or an existing local folder) receives the source's base name.",
    )
    .argument("<source>", "storages.Name:key, storages.Name:prefix/ with -r, or a local file or folder")
    .argument("<destination>", "storages.Name:key or storages.Name:prefix/, or a local path")
    .option("-r, --recursive", "everything under the source prefix or folder, keeping the keys below it")
    .option("--dry-run", "with -r: only print what would be done")
    .option("--exclude <glob>", "with -r: leave out keys matching the glob (repeatable)", repeatable)
    .option("--concurrency <n>", "with -r: transfers at once (1 to 256)", parseConcurrency, DEFAULT_CONCURRENCY)
    .option("--no-follow-symlinks", "with -r: skip symbolic links in a local source")
    .action((source: string, destination: string, options: CopyCommandOptions, command: Command) =>
      run(command, (ctx) => (options.recursive ? copyTree(ctx, source, destination, options, mode) : copyOne(ctx, source, destination, mode))),
    );
}

async function copyTree(ctx: CliContext, source: string, destination: string, options: CopyCommandOptions, mode: Mode): Promise<CommandResult> {
  const [from, to] = await readEndpoints(ctx, source, destination);
  const outcome = await runSync(from, to, {
    only: "all",
    mode,
    delete: false,
    dryRun: options.dryRun === true,
    excluded: excludeMatcher(options.exclude),
    followSymlinks: options.followSymlinks,
    concurrency: options.concurrency,
    progress: ctx.progress,
    label: mode === "copy" ? "cp" : "mv",
    signal: ctx.signal,
  });
  return syncResult(from, to, outcome, { dryRun: options.dryRun === true, mode });
}

async function copyOne(ctx: CliContext, source: string, destination: string, mode: Mode): Promise<CommandResult> {
  const app = lazyApp(ctx, [source, destination]);
  const fromSide = await readSide(ctx, source, app);
  const toSide = await readSide(ctx, destination, app);
  const from = await sourceObject(fromSide, app, ctx.signal);
  const to = await targetObject(toSide, from.name, app);
  if (sameLocation(from.location, to)) throw new CliError("E_USAGE", `${source} and ${destination} are the same object`);
  const progress = startProgress(ctx, `${mode === "copy" ? "cp" : "mv"} ${from.name}`, from.info.size);
  let loaded = 0;
  const send = mode === "copy" ? copyObject : moveObject;
  try {
    await send(from.location, to, from.info, {
      signal: ctx.signal,
      onBytes: (delta) => {
        loaded += delta;
        progress.update(loaded);
      },
    });
  } finally {
    progress.stop();
  }
  const [shownFrom, shownTo] = [describeLocation(from.location), describeLocation(to)].map((text) => shortenPaths(text, ctx.cwd));
  return {
    data: { source: describeLocation(from.location), destination: describeLocation(to), size: from.info.size, moved: mode === "move" },
    lines: [`${mode === "copy" ? "copied" : "moved"} ${shownFrom} -> ${shownTo} (${humanBytes(from.info.size)})`],
  };
}
