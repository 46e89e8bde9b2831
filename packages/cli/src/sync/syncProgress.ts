import { SingleBar } from "cli-progress";
import { humanBytes } from "../output";

export interface SyncProgress {
  addBytes(delta: number): void;
  fileDone(failed: boolean): void;
  stop(): void;
}

const SILENT: SyncProgress = { addBytes: () => undefined, fileDone: () => undefined, stop: () => undefined };

/**
 * One line on stderr for a whole run: files and bytes done, the rate, failures, the time left. Drawn only
 * when `enabled` (stderr is a terminal and --no-progress was not given) and there is something to send.
 */
export function startSyncProgress(enabled: boolean, label: string, files: number, bytes: number): SyncProgress {
  if (!enabled || files === 0) return SILENT;
  const byBytes = bytes > 0;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {filesDone}/{files} files | {done}/{size} | {rate}/s | {failed} failed | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
    etaBuffer: 50,
  });
  const started = Date.now();
  let sent = 0;
  let filesDone = 0;
  let failed = 0;
  const payload = () => ({
    filesDone,
    files,
    failed,
    done: humanBytes(sent),
    size: humanBytes(bytes),
    rate: humanBytes(Math.round(sent / Math.max((Date.now() - started) / 1000, 0.001))),
  });
  const value = () => (byBytes ? sent : filesDone);
  bar.start(byBytes ? bytes : files, 0, payload());
  return {
    addBytes(delta) {
      sent += delta;
      bar.update(value(), payload());
    },
    fileDone(didFail) {
      filesDone++;
      if (didFail) failed++;
      bar.update(value(), payload());
    },
    stop: () => bar.stop(),
  };
}
