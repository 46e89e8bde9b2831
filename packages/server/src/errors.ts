import type { FastifyReply } from "fastify";
import { SERVICE_STATUS, isServiceError } from "@elemental/services";
import { type StorageErrorCode, isStorageError } from "@elemental/storages";

const STORAGE_STATUS: Partial<Record<StorageErrorCode, number>> = {
  E_NOT_FOUND: 404,
  E_INVALID_KEY: 400,
  E_INVALID_ARGUMENT: 400,
  E_ABORTED: 499,
};

/** The status and public code of a failure; the body never carries a message, a path or a secret. */
export function statusOf(error: unknown): { status: number; code: string } {
  if (isServiceError(error)) return { status: SERVICE_STATUS[error.code], code: error.code };
  if (isStorageError(error)) return { status: STORAGE_STATUS[error.code] ?? 500, code: STORAGE_STATUS[error.code] ? error.code : "E_UNKNOWN" };
  return { status: 500, code: "E_UNKNOWN" };
}

/** Answers a failure as `{ code }` (when the response has not started), and reports 5xx to `onError`. */
export function replyError(reply: FastifyReply, error: unknown, onError?: (error: unknown) => void): void {
  const { status, code } = statusOf(error);
  if (status >= 500) onError?.(error);
  if (reply.sent || reply.raw.headersSent) {
    reply.raw.destroy();
    return;
  }
  void reply.code(status).header("cache-control", "no-store").send({ code });
}
