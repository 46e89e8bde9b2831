import { EXIT } from "../errors";
import { type CommandResult, humanBytes } from "../output";
import type { Endpoint } from "./location";
import type { SyncOutcome } from "./runSync";

/** The verb for one file going from one kind of side to another. */
export function verbOf(from: Endpoint, to: Endpoint, mode: "copy" | "move"): string {
  if (mode === "move") return "move";
  if (from.kind === "folder" && to.kind === "storage") return "upload";
  if (from.kind === "storage" && to.kind === "folder") return "download";
  return "copy";
}

/**
 * The result of a sync, cp -r or mv -r: the counts (files and bytes sent, skipped because unchanged,
 * deleted, failed) as text or JSON; a dry run also lists what it would do. Exit 1 when a file failed,
 * 130 when interrupted.
 */
export function syncResult(from: Endpoint, to: Endpoint, outcome: SyncOutcome, options: { dryRun: boolean; mode: "copy" | "move" }): CommandResult {
  const { plan } = outcome;
  const verb = verbOf(from, to, options.mode);
  const data = {
    source: from.label,
    destination: to.label,
    dryRun: options.dryRun,
    files: outcome.files,
    bytes: outcome.bytes,
    skipped: plan.unchanged,
    deleted: outcome.deleted,
    failed: outcome.failures.length,
    durationMs: outcome.durationMs,
    interrupted: outcome.interrupted,
    failures: outcome.failures,
    ignored: outcome.skippedFiles,
    ...(options.dryRun
      ? {
          planned: [
            ...plan.transfers.map(({ entry, reason }) => ({ action: verb, key: entry.key, size: entry.size, reason })),
            ...plan.extraneous.map((entry) => ({ action: "delete", key: entry.key, size: entry.size })),
          ],
        }
      : {}),
  };
  const lines: string[] = [];
  if (options.dryRun) {
    lines.push(...plan.transfers.map(({ entry, reason }) => `(dry run) ${verb} ${entry.key} (${reason}, ${humanBytes(entry.size)})`));
    lines.push(...plan.extraneous.map((entry) => `(dry run) delete ${entry.key}`));
    const bytes = plan.transfers.reduce((sum, { entry }) => sum + entry.size, 0);
    lines.push(
      `dry run: ${count(plan.transfers.length, "file")} (${humanBytes(bytes)}) to ${verb}, ${plan.extraneous.length} to delete, ${plan.unchanged} unchanged`,
    );
  } else {
    const seconds = outcome.durationMs / 1000;
    const rate = outcome.bytes > 0 ? `, ${humanBytes(Math.round(outcome.bytes / Math.max(seconds, 0.001)))}/s` : "";
    lines.push(
      `${from.label} -> ${to.label}: ${count(outcome.files, "file")} sent (${humanBytes(outcome.bytes)}) in ${seconds.toFixed(1)} s${rate}; ` +
        `${plan.unchanged} skipped (unchanged), ${outcome.deleted} deleted, ${outcome.failures.length} failed`,
    );
  }
  if (outcome.skippedFiles.length > 0)
    lines.push(`${count(outcome.skippedFiles.length, "local entry", "local entries")} ignored (links or special files; --json lists them)`);
  const errors = outcome.failures.map((failure) => `error ${failure.code}: ${failure.action} ${failure.key}: ${failure.message}`);
  if (outcome.interrupted) errors.push(`error E_ABORTED: interrupted after ${count(outcome.files, "file")}; run the same command again to finish`);
  const exitCode = outcome.interrupted ? EXIT.interrupted : outcome.failures.length > 0 ? EXIT.failed : EXIT.ok;
  return { data, lines, errors, exitCode };
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
