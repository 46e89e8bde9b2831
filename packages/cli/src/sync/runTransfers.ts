import { describeError } from "../report";
import { copyObject, moveObject, removeAt } from "./copyObject";
import { type Endpoint, type Entry, locate } from "./location";
import type { Transfer } from "./plan";
import { runPool } from "./pool";
import type { SyncProgress } from "./syncProgress";

export interface Failure {
  key: string;
  action: "copy" | "move" | "delete";
  code: string;
  message: string;
}

export interface TransferOutcome {
  files: number;
  bytes: number;
  failures: Failure[];
}

export interface TransferOptions {
  /** `move` deletes each source once it is copied (within one storage the storage moves it). */
  mode: "copy" | "move";
  concurrency: number;
  signal: AbortSignal;
  progress: SyncProgress;
}

/** Sends every planned entry from one endpoint to the other, in parallel; each failure is recorded, none stops the run. */
export async function runTransfers(transfers: readonly Transfer[], from: Endpoint, to: Endpoint, options: TransferOptions): Promise<TransferOutcome> {
  const outcome: TransferOutcome = { files: 0, bytes: 0, failures: [] };
  const send = options.mode === "move" ? moveObject : copyObject;
  await runPool(transfers, options.concurrency, options.signal, async ({ entry }) => {
    try {
      await send(locate(from, entry.key), locate(to, entry.key), entry, { signal: options.signal, onBytes: (delta) => options.progress.addBytes(delta) });
      outcome.files++;
      outcome.bytes += entry.size;
      options.progress.fileDone(false);
    } catch (error) {
      record(outcome.failures, entry.key, options.mode, error, options.signal);
      options.progress.fileDone(true);
    }
  });
  return outcome;
}

/** Deletes destination entries (`sync --delete`); returns how many went and what failed. */
export async function removeEntries(
  entries: readonly Entry[],
  endpoint: Endpoint,
  options: { concurrency: number; signal: AbortSignal },
): Promise<{ deleted: number; failures: Failure[] }> {
  const failures: Failure[] = [];
  if (endpoint.kind === "storage") {
    let deleted = 0;
    for (let start = 0; start < entries.length && !options.signal.aborted; start += 1000) {
      const batch = entries.slice(start, start + 1000).map((entry) => `${endpoint.prefix}${entry.key}`);
      const result = await endpoint.storage.deleteMany(batch, { signal: options.signal });
      deleted += result.deleted.length;
      for (const { name, error } of result.errors) record(failures, name.slice(endpoint.prefix.length), "delete", error, options.signal);
    }
    return { deleted, failures };
  }
  let deleted = 0;
  await runPool(entries, options.concurrency, options.signal, async (entry) => {
    try {
      await removeAt(locate(endpoint, entry.key), options.signal);
      deleted++;
    } catch (error) {
      record(failures, entry.key, "delete", error, options.signal);
    }
  });
  return { deleted, failures };
}

/**
 * A transfer that fails once Ctrl-C was pressed failed because of it (an abort surfaces as E_ABORTED, or as
 * whatever the cut-off stream made of it): the run reports the interruption once instead.
 */
function record(failures: Failure[], key: string, action: Failure["action"], error: unknown, signal: AbortSignal): void {
  if (signal.aborted) return;
  const { code, message } = describeError(error);
  failures.push({ key, action, code, message });
}
