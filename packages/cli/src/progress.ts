import { SingleBar } from "cli-progress";
import type { CliContext } from "./context";

/** Transfers up to this size finish too fast for a bar to help. */
export const PROGRESS_THRESHOLD = 8 * 1024 * 1024;

export interface Progress {
  update(loaded: number): void;
  stop(): void;
}

const NO_PROGRESS: Progress = { update: () => undefined, stop: () => undefined };
const MIB = 1024 * 1024;

/**
 * A progress bar on stderr for a transfer of `total` bytes: only when stderr is a terminal, the
 * transfer is over 8 MiB, and --no-progress was not given. Otherwise it does nothing.
 */
export function startProgress(ctx: CliContext, label: string, total: number | undefined): Progress {
  if (!ctx.progress || total === undefined || total <= PROGRESS_THRESHOLD) return NO_PROGRESS;
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {percentage}% | {done}/{size} MiB | {rate} MiB/s | ETA {eta_formatted}`,
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  const started = Date.now();
  const payload = (loaded: number) => ({
    done: (loaded / MIB).toFixed(1),
    size: (total / MIB).toFixed(1),
    rate: (loaded / MIB / Math.max((Date.now() - started) / 1000, 0.001)).toFixed(1),
  });
  bar.start(total, 0, payload(0));
  return {
    update: (loaded) => bar.update(loaded, payload(loaded)),
    stop: () => bar.stop(),
  };
}
