import { StorageError } from "./errors";
import type { UploadUrlOptions } from "./types";

/** Checks `getUploadUrl`'s options: `maxBytes` a whole number of bytes, 0 or more. */
export function checkUploadUrlOptions(options: unknown): UploadUrlOptions {
  if (options === undefined) return {};
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new StorageError("E_INVALID_ARGUMENT", "getUploadUrl's options must be an object such as { maxBytes }");
  }
  const { maxBytes } = options as UploadUrlOptions;
  if (maxBytes !== undefined && (typeof maxBytes !== "number" || !Number.isSafeInteger(maxBytes) || maxBytes < 0)) {
    throw new StorageError("E_INVALID_ARGUMENT", "maxBytes must be a whole number of bytes, 0 or more");
  }
  return maxBytes === undefined ? {} : { maxBytes };
}
