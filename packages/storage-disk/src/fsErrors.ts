import { StorageError, type StorageErrorCode, type StorageFailure, classifyCommonError } from "@elemental/storages";

/** File-system error codes as storage codes, beyond the common ones (ENOENT, EACCES, EPERM, ...). */
const DISK_CODES: Record<string, StorageErrorCode> = {
  ENOTDIR: "E_NOT_FOUND", // a parent of the key is an object, so the key cannot exist
  EISDIR: "E_NOT_FOUND", // the key names a folder of other keys, not an object
  ENAMETOOLONG: "E_INVALID_KEY",
  ELOOP: "E_ACCESS_DENIED",
  EROFS: "E_ACCESS_DENIED",
  ENOSPC: "E_UNAVAILABLE",
  EDQUOT: "E_UNAVAILABLE",
  EMFILE: "E_UNAVAILABLE",
  ENFILE: "E_UNAVAILABLE",
};

export function errnoOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/**
 * What a file-system failure means to a user: its storage code, and a detail naming the errno and the
 * system call but not the path, so that messages never reveal where the storage lives (the original
 * error stays as `cause`). Undefined for what is not a file-system error.
 */
export function diskStorageErrorOf(error: unknown): StorageFailure | undefined {
  const { code, syscall, message } = (error ?? {}) as { code?: unknown; syscall?: unknown; message?: unknown };
  if (typeof code !== "string" || typeof syscall !== "string" || typeof message !== "string") return undefined;
  const reason = message.split(",")[0] ?? code;
  return { code: DISK_CODES[code] ?? classifyCommonError(error) ?? "E_UNKNOWN", detail: `${reason} (${syscall})` };
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  const errno = errnoOf(error);
  return errno !== undefined && codes.includes(errno);
}

/** A key that names no object: nothing at its path, or a folder of other keys. */
export function noSuchObject(): StorageError {
  return new StorageError("E_NOT_FOUND", "no such object");
}
