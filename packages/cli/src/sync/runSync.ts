import { getMaxListeners, setMaxListeners } from "node:events";
import { listEndpoint } from "./listEndpoint";
import { CliError } from "../errors";
import { type Endpoint, sameEndpoint } from "./location";
import { type SyncPlan, planAll, planSync } from "./plan";
import { type Failure, removeEntries, runTransfers } from "./runTransfers";
import { startSyncProgress } from "./syncProgress";

export interface SyncOptions {
  /** `sync` sends what differs; `cp -r` and `mv -r` send everything. */
  only: "changed" | "all";
  mode: "copy" | "move";
  /** Delete destination entries that the source lacks. */
  delete: boolean;
  dryRun: boolean;
  excluded: (key: string) => boolean;
  followSymlinks: boolean;
  concurrency: number;
  progress: boolean;
  label: string;
  signal: AbortSignal;
}

export interface SyncOutcome {
  plan: SyncPlan;
  files: number;
  bytes: number;
  deleted: number;
  failures: Failure[];
  /** Local files left out: links not followed, special files. */
  skippedFiles: Array<{ key: string; reason: string }>;
  interrupted: boolean;
  durationMs: number;
}

/** Lists both sides, plans, then (unless a dry run) sends and deletes. */
export async function runSync(from: Endpoint, to: Endpoint, options: SyncOptions): Promise<SyncOutcome> {
  if (sameEndpoint(from, to)) throw new CliError("E_USAGE", `${from.label} and ${to.label} are the same place`);
  const started = Date.now();
  // Every transfer in flight listens to the one Ctrl-C signal (and removes its listeners when done).
  setMaxListeners(Math.max(getMaxListeners(options.signal), options.concurrency * 4 + 16), options.signal);
  const skippedFiles: SyncOutcome["skippedFiles"] = [];
  const listing = { excluded: options.excluded, followSymlinks: options.followSymlinks, signal: options.signal };
  const [source, destination] = await Promise.all([
    listEndpoint(from, { ...listing, required: true, onSkip: (key, reason) => skippedFiles.push({ key, reason }) }),
    options.only === "all" && !options.delete ? new Map() : listEndpoint(to, { ...listing, required: false, onSkip: () => undefined }),
  ]);
  const plan = options.only === "all" ? planAll(source) : planSync(source, destination);
  skippedFiles.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (!options.delete) plan.extraneous = [];
  const outcome: SyncOutcome = { plan, files: 0, bytes: 0, deleted: 0, failures: [], skippedFiles, interrupted: false, durationMs: 0 };
  if (!options.dryRun) {
    const total = plan.transfers.reduce((sum, { entry }) => sum + entry.size, 0);
    const progress = startSyncProgress(options.progress, options.label, plan.transfers.length, total);
    try {
      const sent = await runTransfers(plan.transfers, from, to, { mode: options.mode, concurrency: options.concurrency, signal: options.signal, progress });
      Object.assign(outcome, { files: sent.files, bytes: sent.bytes, failures: sent.failures });
    } finally {
      progress.stop();
    }
    if (plan.extraneous.length > 0 && !options.signal.aborted) {
      const removed = await removeEntries(plan.extraneous, to, { concurrency: options.concurrency, signal: options.signal });
      outcome.deleted = removed.deleted;
      outcome.failures.push(...removed.failures);
    }
  }
  outcome.interrupted = options.signal.aborted;
  outcome.durationMs = Date.now() - started;
  return outcome;
}
