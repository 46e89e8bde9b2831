import { classifyCommonError } from "./classify";
import { StorageError, type StorageErrorCode, type StorageFailure, addContext, isStorageError } from "./errors";
import { printable } from "./keys";
import { redact } from "./redact";

/** Where a failure happened, as StorageBase knows it, and how the Type reads its backend's errors. */
export interface FailureSite {
  storageType: string;
  element: string;
  operation: string;
  key: unknown;
  /** The caller's signal, if any. */
  signal: AbortSignal | undefined;
  /** Values never to show in a message. */
  secrets: readonly string[];
  /** The Type's hook: its backend's error as a code and a detail, or undefined for the common rules. */
  translate: (error: unknown) => StorageFailure | undefined;
}

/** Codes that report the caller's own mistake or the abort itself: they stand even when the caller also aborted. */
const STANDING = new Set<StorageErrorCode>(["E_ABORTED", "E_TIMEOUT", "E_INVALID_KEY", "E_INVALID_ARGUMENT", "E_UNSUPPORTED"]);

/**
 * The one way a failure becomes a StorageError. A StorageError that already names its element passes
 * as it is; one without context (thrown by a Type or an argument check) gets the context added in
 * place; anything else is translated by the Type, else by the common rules, and becomes one new
 * StorageError with the original as `cause`. Once the caller's signal fired, every failure but the
 * caller's own mistakes is E_ABORTED (E_TIMEOUT for a signal made by `AbortSignal.timeout`).
 */
export function storageErrorFor(error: unknown, site: FailureSite): StorageError {
  if (isStorageError(error) && error.element !== undefined) return error;
  const failure = failureOf(error, site.translate);
  const aborted = STANDING.has(failure.code) ? undefined : abortCodeOf(site.signal);
  const detail = redact(aborted ? `${aborted === "E_TIMEOUT" ? "timed out" : "aborted"} (${failure.detail})` : failure.detail, site.secrets);
  const context = {
    storageType: site.storageType,
    element: site.element,
    operation: site.operation,
    key: typeof site.key === "string" ? printable(site.key) : undefined,
  };
  if (isStorageError(error) && !aborted) return addContext(error, context, detail);
  return new StorageError(aborted ?? failure.code, detail, { ...context, cause: error });
}

/** E_TIMEOUT once a timeout's signal (AbortSignal.timeout) fired, E_ABORTED once another fired, else undefined. */
function abortCodeOf(signal: AbortSignal | undefined): "E_ABORTED" | "E_TIMEOUT" | undefined {
  if (signal?.aborted !== true) return undefined;
  return (signal.reason as { name?: unknown } | null)?.name === "TimeoutError" ? "E_TIMEOUT" : "E_ABORTED";
}

/** The code and detail of any thrown value: the Type's reading, else the common rules, else E_UNKNOWN. */
export function failureOf(error: unknown, translate: FailureSite["translate"]): StorageFailure {
  if (isStorageError(error)) return { code: error.code, detail: error.detail };
  const translated = translate(error);
  if (translated) return translated;
  return { code: classifyCommonError(error) ?? "E_UNKNOWN", detail: messageOf(error) };
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
