import { StorageError, type StorageErrorCode, classifyCommonError, isStorageError } from "@elemental/storages";

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

export function diskErrorCode(error: unknown): StorageErrorCode | undefined {
  const errno = errnoOf(error);
  return (errno && DISK_CODES[errno]) || classifyCommonError(error);
}

/**
 * A file-system failure as a StorageError whose message names the system call and the errno but not
 * the path, so that messages never reveal where the storage lives (the original stays as `cause`).
 */
export function withoutPath(error: unknown): unknown {
  if (isStorageError(error)) return error;
  const { code, syscall, message } = (error ?? {}) as { code?: unknown; syscall?: unknown; message?: unknown };
  if (typeof code !== "string" || typeof syscall !== "string" || typeof message !== "string") return error;
  const reason = message.split(",")[0] ?? code;
  return new StorageError(diskErrorCode(error) ?? "E_UNKNOWN", `${reason} (${syscall})`, { cause: error });
}

export function isErrno(error: unknown, ...codes: string[]): boolean {
  const errno = errnoOf(error);
  return errno !== undefined && codes.includes(errno);
}
