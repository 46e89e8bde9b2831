import { StorageError } from "./errors";
import { DEFAULT_CONTENT_TYPE, contentTypeFor } from "./mime";
import type { ByteRange, StorageCapabilities, UploadOptions, Visibility } from "./types";

export const SIGN_EXPIRES = 300;
export const MAX_SIGN_EXPIRES = 604800;

export function checkExpires(expires: unknown): number {
  if (typeof expires !== "number" || !Number.isInteger(expires) || expires < 1 || expires > MAX_SIGN_EXPIRES) {
    throw new StorageError("E_INVALID_ARGUMENT", `expires must be a whole number of seconds from 1 to ${MAX_SIGN_EXPIRES}, not ${String(expires)}`);
  }
  return expires;
}

export function checkSignal(signal: unknown): void {
  if (signal !== undefined && typeof (signal as { throwIfAborted?: unknown } | null)?.throwIfAborted !== "function") {
    throw new StorageError("E_INVALID_ARGUMENT", "signal must be an AbortSignal");
  }
}

const CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * What an upload stores besides its bytes, checked the same for every Type (S3 sends these as HTTP
 * headers, and the disk handler serves them as such): strings without control characters, and a function
 * for onProgress.
 */
export function checkUploadOptions(contentType: unknown, options: UploadOptions): void {
  const texts: Array<[string, unknown]> = [
    ["contentType", contentType],
    ["cacheControl", options.cacheControl],
    ["contentDisposition", options.contentDisposition],
    ["contentEncoding", options.contentEncoding],
    ["contentLanguage", options.contentLanguage],
  ];
  const { metadata, onProgress, expires, visibility } = options;
  if (expires !== undefined && !(expires instanceof Date && Number.isFinite(expires.getTime()))) {
    throw new StorageError("E_INVALID_ARGUMENT", "expires must be a valid Date");
  }
  if (visibility !== undefined) checkVisibility(visibility);
  if (metadata !== undefined && (metadata === null || typeof metadata !== "object" || Array.isArray(metadata))) {
    throw new StorageError("E_INVALID_ARGUMENT", "metadata must be an object of strings");
  }
  for (const [name, value] of Object.entries(metadata ?? {})) texts.push([`metadata name ${JSON.stringify(name)}`, name], [`metadata "${name}"`, value]);
  for (const [what, value] of texts) {
    if (value === undefined || value === "") continue;
    if (typeof value !== "string") throw new StorageError("E_INVALID_ARGUMENT", `${what} must be a string, not ${typeof value}`);
    if (CONTROL.test(value)) throw new StorageError("E_INVALID_ARGUMENT", `${what} must not contain control characters`);
  }
  if (onProgress !== undefined && typeof onProgress !== "function") throw new StorageError("E_INVALID_ARGUMENT", "onProgress must be a function");
}

export function checkVisibility(visibility: unknown): asserts visibility is Visibility {
  if (visibility !== "public" && visibility !== "private") {
    throw new StorageError("E_INVALID_ARGUMENT", `visibility must be "public" or "private", not ${JSON.stringify(visibility) ?? String(visibility)}`);
  }
}

export function checkRange(range: ByteRange): void {
  const { start, end } = range;
  const valid = Number.isSafeInteger(start) && start >= 0 && (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) throw new StorageError("E_INVALID_ARGUMENT", `a range needs 0 <= start <= end, got ${JSON.stringify(range)}`);
}

/** Fails with E_UNSUPPORTED when an upload asks for what the Type cannot store. */
export function checkCapabilities(capabilities: StorageCapabilities, options: UploadOptions): void {
  if (!capabilities.metadata && hasMetadata(options)) {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot store metadata or HTTP headers (cacheControl, contentDisposition, ...)");
  }
  if (options.visibility !== undefined) needVisibility(capabilities);
}

export function needVisibility(capabilities: StorageCapabilities): void {
  if (!capabilities.visibility) throw new StorageError("E_UNSUPPORTED", "this storage has no visibility: it cannot make objects public");
}

export function hasMetadata(options: UploadOptions): boolean {
  const { cacheControl, contentDisposition, contentEncoding, contentLanguage, expires } = options;
  return Object.keys(options.metadata ?? {}).length > 0 || [cacheControl, contentDisposition, contentEncoding, contentLanguage, expires].some(Boolean);
}

/** The content type of the key's extension, else of the file's, else application/octet-stream. */
export function typeFromExtension(key: string, filePath: string): string {
  const fromKey = contentTypeFor(key);
  return fromKey === DEFAULT_CONTENT_TYPE ? contentTypeFor(filePath) : fromKey;
}
