/** Runs a full garbage collection when node runs with --expose-gc, so one side's garbage is not the next side's pause. */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function elapsedMs(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e6;
}
