/**
 * The one error table of @elemental/storages. Codes are public API; test `error.code`, not `instanceof`.
 */
export const StorageErrorCodes = {
  E_NOT_FOUND: "The object does not exist.",
  E_ACCESS_DENIED: "The credentials are wrong or lack the permission (also: a bad or expired signature).",
  E_INVALID_KEY: "The object key breaks the key rules (empty, `.`/`..` or empty segment, leading `/`, backslash, control character, over 1024 UTF-8 bytes).",
  E_INVALID_ARGUMENT: "An argument other than the key is invalid: data of an unsupported kind, a bad `expires`, a bad range.",
  E_INVALID_CONFIG:
    "The instance's config is wrong, as the backend found at run time (the bucket does not exist, the region is wrong, no credentials). A config wrong on its face fails earlier, when the instance is built: @elemental/core's ElementError with the same code.",
  E_UNAVAILABLE: "The storage could not be reached, or answered with a server error, after retries.",
  E_TIMEOUT: "The operation took longer than its timeout.",
  E_CHECKSUM_MISMATCH: "The stored or received bytes differ from what was sent (size or checksum).",
  E_ABORTED: "The operation was aborted through its AbortSignal.",
  E_PRECONDITION_FAILED: "A condition of the request did not hold.",
  E_UNSUPPORTED: "This storage Type does not support the operation.",
  E_UNKNOWN: "A failure that fits no other code; see `cause`.",
} as const;

export type StorageErrorCode = keyof typeof StorageErrorCodes;

export interface StorageErrorContext {
  /** The storage Type, e.g. `storages.AwsS3Type`. */
  storageType?: string;
  /** The element's fullName, e.g. `storages.MyS3`. */
  element?: string;
  /** The public method that failed, e.g. `uploadByFile`. */
  operation?: string;
  key?: string;
  cause?: unknown;
}

/** What a failure means to a user of the storage: its code and a message fit to show (no path, no secret). */
export interface StorageFailure {
  code: StorageErrorCode;
  detail: string;
}

export class StorageError extends Error {
  override readonly name = "StorageError";
  readonly code: StorageErrorCode;
  /** What went wrong, without the context the message adds (code, operation, key, element). */
  readonly detail: string;
  readonly storageType: string | undefined;
  readonly element: string | undefined;
  readonly operation: string | undefined;
  readonly key: string | undefined;

  constructor(code: StorageErrorCode, detail: string, context: StorageErrorContext = {}) {
    super(formatMessage(code, detail, context), context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.detail = detail;
    this.storageType = context.storageType;
    this.element = context.element;
    this.operation = context.operation;
    this.key = context.key;
  }
}

/**
 * Adds the context of the failed operation to a StorageError that has none yet (one a Type or an
 * argument check threw), in place: the error keeps the stack of the place that threw it. A key it
 * already names (copy's or move's `to`) stays.
 */
export function addContext(error: StorageError, context: Omit<StorageErrorContext, "cause">, detail: string = error.detail): StorageError {
  const target = error as { -readonly [K in keyof StorageError]: StorageError[K] };
  const header = `${error.name}: ${error.message}`;
  target.detail = detail;
  target.storageType = context.storageType;
  target.element = context.element;
  target.operation = context.operation;
  target.key = error.key ?? context.key;
  target.message = formatMessage(error.code, detail, { ...context, key: target.key });
  // V8 writes the stack's first line when it is first read; if it was read already, it shows the old message.
  if (typeof error.stack === "string" && error.stack.startsWith(header)) target.stack = `${error.name}: ${target.message}${error.stack.slice(header.length)}`;
  return error;
}

function formatMessage(code: StorageErrorCode, detail: string, context: StorageErrorContext): string {
  const where = [
    context.operation && `${context.operation}(${context.key === undefined ? "" : JSON.stringify(context.key)})`,
    context.element && `on ${context.element}`,
    context.storageType && `(${context.storageType})`,
  ]
    .filter(Boolean)
    .join(" ");
  return `${code}: ${where ? `${where}: ` : ""}${detail}`;
}

/** True for any StorageError, even one from another copy of this package. */
export function isStorageError(value: unknown, code?: StorageErrorCode): value is StorageError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  if (candidate.name !== "StorageError" || typeof candidate.code !== "string") return false;
  return code === undefined || candidate.code === code;
}
