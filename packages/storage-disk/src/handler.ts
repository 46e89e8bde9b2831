import { type IncomingMessage, STATUS_CODES, type ServerResponse } from "node:http";
import { PassThrough } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { App } from "@elemental/core";
import { type StorageErrorCode, getDefaultStorage, isStorageError, keyProblem } from "@elemental/storages";
import type { DiskStorage } from "./DiskStorage";
import type { OpenedObject } from "./objects";
import { parseRange } from "./range";
import type { Grant } from "./signer";
import { decodeKey } from "./urls";

export interface DiskHandlerOptions {
  /** With an App: the fullName of the disk storage to serve. Default: the application's default storage. */
  storage?: string;
  /** Sends CORS headers for this origin (`*` for any) and answers preflight requests, for browser uploads. */
  allowOrigin?: string;
  /** Called with unexpected failures; the response itself only says "Internal Server Error". */
  onError?: (error: unknown) => void;
}

/** A request listener for `node:http`, and a middleware for Express, Connect and Fastify (middie). */
export type DiskHandler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

const STATUS_OF: Partial<Record<StorageErrorCode, number>> = {
  E_NOT_FOUND: 404,
  E_ACCESS_DENIED: 403,
  E_INVALID_KEY: 400,
  E_INVALID_ARGUMENT: 400,
  E_CHECKSUM_MISMATCH: 400,
  E_PRECONDITION_FAILED: 409,
  E_ABORTED: 400,
};

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
      reply(res, 500, "E_UNKNOWN");
    });
  };
}

async function handle(storage: DiskStorage, options: DiskHandlerOptions, req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void): Promise<void> {
  const raw = (req as { originalUrl?: string }).originalUrl ?? req.url ?? "/";
  const queryAt = raw.indexOf("?");
  const rawPath = queryAt < 0 ? raw : raw.slice(0, queryAt);
  const prefix = `${storage.urlPath}/`;
  if (!rawPath.startsWith(prefix)) {
    if (next) next();
    else reply(res, 404, "E_NOT_FOUND");
    return;
  }
  if (options.allowOrigin !== undefined) allowCors(req, res, options.allowOrigin);
  const method = req.method ?? "GET";
  if (method === "OPTIONS" && options.allowOrigin !== undefined) return void res.writeHead(204).end();
  if (method !== "GET" && method !== "HEAD" && method !== "PUT") {
    res.setHeader("Allow", "GET, HEAD, PUT");
    return refuse(req, res, 405, "E_UNSUPPORTED");
  }
  const key = decodeKey(rawPath.slice(prefix.length));
  if (key === undefined || keyProblem(key) !== undefined) return refuse(req, res, 400, "E_INVALID_KEY");
  const query = new URLSearchParams(queryAt < 0 ? "" : raw.slice(queryAt + 1));
  const expires = query.get("expires") ?? "";
  const grant: Grant = {
    method: method === "PUT" ? "PUT" : "GET",
    key,
    expires: /^\d{1,15}$/.test(expires) ? Number(expires) : 0,
    contentType: method === "PUT" ? (req.headers["content-type"] ?? "") : (query.get("contentType") ?? undefined),
  };
  const signed = await storage.verifyGrant(grant, query.get("sig") ?? "");
  // Unsigned reads are for public objects only (openPublic refuses any other); their query is not trusted.
  const publicRead = !signed && method !== "PUT" && !query.has("sig");
  if (!signed && !publicRead) return refuse(req, res, 403, "E_ACCESS_DENIED");
  if (method === "PUT") await receive(storage, options, grant, req, res);
  else await send(storage, options, publicRead ? { ...grant, contentType: undefined } : grant, req, res, publicRead);
}

async function send(storage: DiskStorage, options: DiskHandlerOptions, grant: Grant, req: IncomingMessage, res: ServerResponse, publicRead = false): Promise<void> {
  let object: OpenedObject;
  try {
    object = await (publicRead ? storage.openPublic(grant.key) : storage.openForReading(grant.key));
  } catch (error) {
    return failed(res, options, error);
  }
  try {
    const { info } = object;
    setHeaders(res, {
      "Content-Type": grant.contentType ?? info.contentType,
      ETag: info.etag,
      "Last-Modified": info.lastModified.toUTCString(),
      "Cache-Control": info.cacheControl,
      "Content-Disposition": info.contentDisposition,
      "Accept-Ranges": "bytes",
    });
    if (info.etag !== undefined && matchesAny(req.headers["if-none-match"], info.etag)) return void res.writeHead(304).end();
    const ifRange = req.headers["if-range"];
    const range = ifRange !== undefined && ifRange !== info.etag ? { kind: "whole" as const } : parseRange(req.headers.range, info.size);
    if (range.kind === "unsatisfiable") {
      res.removeHeader("Content-Type");
      return void res.writeHead(416, { "Content-Range": `bytes */${info.size}`, "Content-Length": "0" }).end();
    }
    if (range.kind === "part") {
      res.writeHead(206, { "Content-Range": `bytes ${range.start}-${range.end}/${info.size}`, "Content-Length": String(range.end - range.start + 1) });
    } else {
      res.writeHead(200, { "Content-Length": String(info.size) });
    }
    if (req.method === "HEAD") return void res.end();
    await pipeline(object.stream(range.kind === "part" ? range : undefined), res).catch(() => {
      res.destroy(); // the client left, or the file failed mid-way: the connection is all we can close
    });
  } finally {
    await object.close();
  }
}

async function receive(storage: DiskStorage, options: DiskHandlerOptions, grant: Grant, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const declared = req.headers["content-length"];
  const size = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  const aborted = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborted.abort();
  });
  // The storage destroys a body it fails on; it gets a pipe of the request, so that the request (and its
  // socket) survives to carry the answer.
  const body = req.pipe(new PassThrough());
  req.once("error", (error) => body.destroy(error));
  try {
    const result = await storage.uploadStream(grant.key, body, grant.contentType, { size, signal: aborted.signal });
    if (result.etag !== undefined) res.setHeader("ETag", result.etag);
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store" });
    res.end(JSON.stringify({ name: result.name, size: result.size, etag: result.etag }));
  } catch (error) {
    req.unpipe(body);
    req.resume(); // drain what the client still sends, so that it reads the answer
    failed(res, options, error);
  }
}

function failed(res: ServerResponse, options: DiskHandlerOptions, error: unknown): void {
  const code = isStorageError(error) ? error.code : "E_UNKNOWN";
  const status = STATUS_OF[code] ?? 500;
  if (status === 500) options.onError?.(error);
  reply(res, status, status === 500 ? "E_UNKNOWN" : code);
}

/** Answers before reading a request's body: the body is drained so the client sees the answer. */
function refuse(req: IncomingMessage, res: ServerResponse, status: number, code: string): void {
  req.resume();
  reply(res, status, code);
}

function reply(res: ServerResponse, status: number, code: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  for (const name of ["Content-Type", "ETag", "Last-Modified", "Cache-Control", "Content-Disposition", "Accept-Ranges"]) res.removeHeader(name);
  const body = JSON.stringify({ code, message: STATUS_CODES[status] ?? "Error" });
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "no-store" });
  res.end(body);
}

function setHeaders(res: ServerResponse, headers: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    try {
      res.setHeader(name, value);
    } catch {
      // a stored value that is not a legal header value (say, non-Latin-1 text) is left out, not fatal
    }
  }
}

function matchesAny(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const strip = (tag: string): string => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || strip(tag) === strip(etag));
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
