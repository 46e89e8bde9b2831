import type { IncomingMessage, ServerResponse } from "node:http";
import type { App } from "@elemental/core";
import { getDefaultStorage, keyProblem } from "@elemental/storages";
import type { DiskStorage } from "./DiskStorage";
import { receive } from "./receive";
import { refuse, reply } from "./replies";
import { send } from "./send";
import type { Grant } from "./signer";
import { decodeKey, parseSignedQuery } from "./urls";

export interface DiskHandlerOptions {
  /** With an App: the fullName of the disk storage to serve. Default: the application's default storage. */
  storage?: string;
  /** Sends CORS headers for this origin (`*` for any) and answers preflight requests, for browser uploads. */
  allowOrigin?: string;
  /** Called with unexpected failures; the response itself only says "Internal Server Error". */
  onError?: (error: unknown) => void;
  /**
   * A request whose connection moves no byte for this long is ended: a reader that stopped reading a
   * download, or an uploader that stopped sending. Default 30,000 ms.
   */
  idleTimeoutMs?: number;
}

export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

/** A request listener for `node:http`, and a middleware for Express, Connect and Fastify (middie). */
export type DiskHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** The disk storage a handler serves: the one given, or an application's (default) storage. */
export function resolveDiskStorage(source: DiskStorage | App, name?: string): DiskStorage {
  const candidate: unknown = "getElement" in source ? (name ? source.getElement(name) : getDefaultStorage(source)) : source;
  const disk = candidate as Partial<DiskStorage> | null;
  if (typeof disk?.openForReading !== "function" || typeof disk.verifyGrant !== "function") {
    throw new TypeError(`${name ?? "the default storage"} is not a storages.DiskType storage, so the disk handler cannot serve it`);
  }
  return candidate as DiskStorage;
}

/**
 * Serves a disk storage's signed URLs: GET and HEAD (with Range, conditional requests and the stored
 * headers) and signed PUT uploads. Requests outside the storage's `urlPath` go to `next`, or get 404.
 * Error responses carry a code and a status text, never a path or a secret.
 */
export function createDiskHandler(source: DiskStorage | App, options: DiskHandlerOptions = {}): DiskHandler {
  const storage = resolveDiskStorage(source, options.storage);
  return (req, res, next) => {
    handle(storage, options, req, res, next).catch((error: unknown) => {
      options.onError?.(error);
      refuse(req, res, 500, "E_UNKNOWN");
    });
  };
}

async function handle(
  storage: DiskStorage,
  options: DiskHandlerOptions,
  req: IncomingMessage,
  res: ServerResponse,
  next?: (error?: unknown) => void,
): Promise<void> {
  const raw = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const queryAt = raw.indexOf("?");
  const rawPath = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const prefix = `${storage.urlPath}/`;
  if (!rawPath.startsWith(prefix)) {
    if (next) next();
    else reply(res, 404, "E_NOT_FOUND");
    return;
  }
  res.setTimeout(options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS, () => res.destroy());
  if (options.allowOrigin !== undefined) allowCors(req, res, options.allowOrigin);
  const method = req.method ?? "GET";
  if (method === "OPTIONS" && options.allowOrigin !== undefined) return void res.writeHead(204).end();
  if (method !== "GET" && method !== "HEAD" && method !== "PUT") {
    res.setHeader("Allow", "GET, HEAD, PUT");
    return refuse(req, res, 405, "E_UNSUPPORTED");
  }
  const key = decodeKey(rawPath.slice(prefix.length));
  if (key === undefined || keyProblem(key) !== undefined) return refuse(req, res, 400, "E_INVALID_KEY");
  const search = queryAt < 0 ? "" : raw.slice(queryAt + 1);
  // A read with no query at all is a public read: openPublic serves public objects only, 403 for the rest.
  if (search === "" && method !== "PUT") return send(storage, options.onError, publicGrant(key), req, res, (name) => storage.openPublic(name));
  // Every parameter is signed; one that is unknown, repeated or empty refuses the URL like a bad signature.
  const query = parseSignedQuery(search);
  if (!query) return refuse(req, res, 403, "E_ACCESS_DENIED");
  const { sig, kid, ...signed } = query;
  // A PUT's content type is the header it sends (signed); one in its URL would be a parameter nothing checks.
  if (method === "PUT" && signed.contentType !== undefined) return refuse(req, res, 403, "E_ACCESS_DENIED");
  const contentType = method === "PUT" ? (req.headers["content-type"] ?? "") : signed.contentType;
  const grant: Grant = { ...signed, method: method === "PUT" ? "PUT" : "GET", key, contentType };
  if (!(await storage.verifyGrant(grant, sig, kid))) return refuse(req, res, 403, "E_ACCESS_DENIED");
  if (method === "PUT") await receive(storage, options.onError, grant, req, res);
  else await send(storage, options.onError, grant, req, res);
}

/** What an unsigned read of a public object may be: its stored type, cached a minute (visibility can change). */
function publicGrant(key: string): Grant {
  return { method: "GET", key, expires: Math.floor(Date.now() / 1000) + 60, contentType: undefined };
}

function allowCors(req: IncomingMessage, res: ServerResponse, origin: string): void {
  res.setHeader("Access-Control-Allow-Origin", origin);
  if (origin !== "*") res.setHeader("Vary", "Origin");
  res.setHeader("Access-Control-Expose-Headers", "ETag, Content-Length, Content-Range, Accept-Ranges, Content-Disposition, Last-Modified");
  if (req.method === "OPTIONS") {
    res.setHeader("Access-Control-Allow-Methods", "GET, HEAD, PUT");
    res.setHeader("Access-Control-Allow-Headers", req.headers["access-control-request-headers"] ?? "Content-Type, Range");
    res.setHeader("Access-Control-Max-Age", "600");
  }
}
