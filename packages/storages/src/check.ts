import { performance } from "node:perf_hooks";
import type { StorageError, StorageErrorCode } from "./errors";

/**
 * `check()`: what a person runs first when a storage does not work. Each step is timed; the first failure
 * stops the run (the steps after it are `skipped`) and carries the typed error and the fix.
 */
export interface CheckStep {
  name: string;
  status: "ok" | "warning" | "failed" | "skipped";
  /** Milliseconds the step took. */
  ms: number;
  /** What the step found (for ok and warning steps). */
  detail?: string;
  /** Why it failed: a StorageError naming the element, never a secret. */
  error?: StorageError;
  /** What to do about a failure or a warning. */
  fix?: string;
}

export interface StorageCheckReport {
  element: string;
  storageType: string;
  /** True when no step failed (warnings allowed). */
  ok: boolean;
  steps: CheckStep[];
}

/** A step's outcome that is not a failure but needs attention (no CORS rule for browser uploads). */
export class CheckWarning {
  constructor(
    readonly detail: string,
    readonly fix: string,
  ) {}
}

/** A step a storage contributes: `run` resolves to what it found (or a CheckWarning), or throws the failure. */
export interface CheckDefinition {
  name: string;
  run(signal: AbortSignal | undefined): Promise<string | CheckWarning | undefined>;
  /** The fix for this step's failure, better than the code's generic one when the step can tell. */
  fix?(error: StorageError): string | undefined;
}

/** The fix a failure's code calls for, where its step has none better. */
const FIXES: Partial<Record<StorageErrorCode, string>> = {
  E_ACCESS_DENIED: "check accessKeyId and accessKeySecret, and that the key may list, read, write and delete in the bucket",
  E_INVALID_CONFIG: "check the config: bucket name, region and endpoint",
  E_UNAVAILABLE: "check the endpoint (host, port, scheme) and that the server is up and reachable from this machine",
  E_TIMEOUT: "check that the server is reachable from this machine (a firewall, a proxy)",
  E_NOT_FOUND: "check the bucket name and the endpoint",
  E_CHECKSUM_MISMATCH: "something between here and the server changes the bytes (a proxy, a server's checksum support): set requestChecksumCalculation",
};

/** Runs the steps in order; `wrap` turns a failure into the storage's StorageError for that step. */
export async function runChecks(
  definitions: readonly CheckDefinition[],
  wrap: (error: unknown, step: string) => StorageError,
  signal: AbortSignal | undefined,
): Promise<CheckStep[]> {
  const steps: CheckStep[] = [];
  for (const definition of definitions) {
    if (steps.some((step) => step.status === "failed")) {
      steps.push({ name: definition.name, status: "skipped", ms: 0 });
      continue;
    }
    const started = performance.now();
    const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
    try {
      signal?.throwIfAborted();
      const found = await definition.run(signal);
      if (found instanceof CheckWarning) steps.push({ name: definition.name, status: "warning", ms: elapsed(), detail: found.detail, fix: found.fix });
      else steps.push({ name: definition.name, status: "ok", ms: elapsed(), ...(found ? { detail: found } : {}) });
    } catch (failure) {
      const error = wrap(failure, definition.name);
      steps.push({ name: definition.name, status: "failed", ms: elapsed(), error, fix: definition.fix?.(error) ?? FIXES[error.code] });
    }
  }
  return steps;
}
