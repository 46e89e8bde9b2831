import type { StorageErrorCode } from "./errors";

const UNAVAILABLE = new Set(["ECONNREFUSED", "ECONNRESET", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "ECONNABORTED", "UND_ERR_SOCKET"]);

/** Codes for failures every Type can meet: aborts, timeouts, the network and the file system. */
export function classifyCommonError(error: unknown): StorageErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const { name, code } = error as { name?: unknown; code?: unknown };
  if (name === "AbortError" || code === "ABORT_ERR") return "E_ABORTED";
  if (name === "TimeoutError" || code === "ETIMEDOUT") return "E_TIMEOUT";
  if (code === "ENOENT") return "E_NOT_FOUND";
  if (code === "EACCES" || code === "EPERM") return "E_ACCESS_DENIED";
  if (typeof code === "string" && UNAVAILABLE.has(code)) return "E_UNAVAILABLE";
  return undefined;
}
