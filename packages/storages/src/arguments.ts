import { StorageError, type StorageErrorCode } from "./errors";
import { DEFAULT_CONTENT_TYPE, contentTypeFor } from "./mime";
import type { ByteRange, UploadOptions } from "./types";

export const SIGN_EXPIRES = 300;
export const MAX_SIGN_EXPIRES = 604800;

export function checkExpires(expires: unknown): number {
  if (typeof expires !== "number" || !Number.isInteger(expires) || expires < 1 || expires > MAX_SIGN_EXPIRES) {
    throw new StorageError("E_INVALID_ARGUMENT", `expires must be a whole number of seconds from 1 to ${MAX_SIGN_EXPIRES}, not ${String(expires)}`);
  }
  return expires;
}

export function checkRange(range: ByteRange): void {
  const { start, end } = range;
  const valid = Number.isSafeInteger(start) && start >= 0 && (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) throw new StorageError("E_INVALID_ARGUMENT", `a range needs 0 <= start <= end, got ${JSON.stringify(range)}`);
}

/** Once the caller aborted, a failure is reported as E_ABORTED unless it was the caller's own mistake. */
export function asAbort(error: unknown, code: StorageErrorCode): unknown {
  if (code === "E_ABORTED" || code === "E_INVALID_KEY" || code === "E_INVALID_ARGUMENT" || code === "E_UNSUPPORTED") return error;
  return new StorageError("E_ABORTED", `aborted (${messageOf(error)})`, { cause: error });
}

export function hasMetadata(options: UploadOptions): boolean {
  return Object.keys(options.metadata ?? {}).length > 0 || Boolean(options.cacheControl) || Boolean(options.contentDisposition);
}

/** The content type of the key's extension, else of the file's, else application/octet-stream. */
export function typeFromExtension(key: string, filePath: string): string {
  const fromKey = contentTypeFor(key);
  return fromKey === DEFAULT_CONTENT_TYPE ? contentTypeFor(filePath) : fromKey;
}

export function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

