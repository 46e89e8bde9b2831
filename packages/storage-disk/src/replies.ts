import { type IncomingMessage, STATUS_CODES, type ServerResponse } from "node:http";
import { type StorageErrorCode, isStorageError } from "@elemental/storages";

const STATUS_OF: Partial<Record<StorageErrorCode, number>> = {
  E_NOT_FOUND: 404,
  E_ACCESS_DENIED: 403,
  E_INVALID_KEY: 400,
  E_INVALID_ARGUMENT: 400,
  E_CHECKSUM_MISMATCH: 400,
  E_PRECONDITION_FAILED: 409,
  E_ABORTED: 400,
};

/** The headers an object response may have set, removed before an error answer. */
const OBJECT_HEADERS = [
  "Content-Type",
  "ETag",
  "Last-Modified",
  "Cache-Control",
  "Content-Disposition",
  "Content-Encoding",
  "Content-Language",
  "Expires",
  "Accept-Ranges",
];

/** A storage failure as an answer: its status, or 500 (reported to `onError`) for an unexpected one. */
export function failed(req: IncomingMessage, res: ServerResponse, onError: ((error: unknown) => void) | undefined, error: unknown): void {
  const code = isStorageError(error) ? error.code : "E_UNKNOWN";
  const status = STATUS_OF[code] ?? 500;
  if (status === 500) onError?.(error);
  refuse(req, res, status, status === 500 ? "E_UNKNOWN" : code);
}

/**
 * Answers with an error. A request that still sends a body is not read on: the answer says
 * `Connection: close` and the connection closes once it is sent, so a refused upload cannot make the
 * server read gigabytes of a body it will throw away.
 */
export function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string): void {
  if (!req.complete && hasBody(req) && !res.headersSent) res.setHeader("Connection", "close");
  reply(res, status, code);
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0");
}

export function reply(res: ServerResponse, status: number, code: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of OBJECT_HEADERS) res.removeHeader(name);
  const body = JSON.stringify({ code, message: STATUS_CODES[status] ?? "Error" });
  res.writeHead(status, {
    "Content-Type": "application/json",
    "Content-Length": String(Buffer.byteLength(body)),
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  });
  res.end(body);
}

/** Sets each header that has a value; a stored value that is not a legal header value (non-Latin-1 text) is left out. */
export function setHeaders(res: ServerResponse, headers: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    try {
      res.setHeader(name, value);
    } catch {
      // left out, not fatal
    }
  }
}
