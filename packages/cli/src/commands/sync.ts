import type { Command } from "commander";
import type { CliContext } from "../context";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { DEFAULT_CONCURRENCY, excludeMatcher, parseConcurrency } from "../sync/exclude";
import { runSync } from "../sync/runSync";
import { readEndpoints } from "../sync/sides";
import { syncResult } from "../sync/syncReport";
import { repeatable } from "../transfer";

interface SyncCommandOptions {
  delete?: boolean;
  dryRun?: boolean;
  exclude?: string[];
  concurrency: number;
  followSymlinks: boolean;
}

export function registerSync(program: Command, run: Runner): void {
  program
    .command("sync")
    .summary("make a folder or a storage prefix hold what another holds")
    .description(
      "send what differs from <source> to <destination>, each a local folder or storages.Name[:prefix]: new files, and files " +
        "whose size (or checksum, where both sides have one) differs or whose source is newer",
    )
    .argument("<source>", "a local folder, or storages.Name[:prefix]")
    .argument("<destination>", "a local folder (created when missing), or storages.Name[:prefix]")
    .option("--delete", "also delete what the destination holds and the source does not")
    .option("--dry-run", "only print what would be sent and deleted")
    .option("--exclude <glob>", "leave out keys matching the glob, on both sides (repeatable; `*.map`, `dist/**`)", repeatable)
    .option("--concurrency <n>", "transfers at once (1 to 256)", parseConcurrency, DEFAULT_CONCURRENCY)
    .option("--no-follow-symlinks", "skip symbolic links in a local source instead of following them")
    .action((source: string, destination: string, options: SyncCommandOptions, command: Command) =>
      run(command, (ctx) => sync(ctx, source, destination, options)),
    );
}

async function sync(ctx: CliContext, source: string, destination: string, options: SyncCommandOptions): Promise<CommandResult> {
  const excluded = excludeMatcher(options.exclude);
  const [from, to] = await readEndpoints(ctx, source, destination);
  const outcome = await runSync(from, to, {
    only: "changed",
    mode: "copy",
    delete: options.delete === true,
    dryRun: options.dryRun === true,
    excluded,
    followSymlinks: options.followSymlinks,
    concurrency: options.concurrency,
    progress: ctx.progress,
    label: "sync",
    signal: ctx.signal,
  });
  return syncResult(from, to, outcome, { dryRun: options.dryRun === true, mode: "copy" });
}
