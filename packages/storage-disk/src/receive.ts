import type { IncomingMessage, ServerResponse } from "node:http";
import { Transform } from "node:stream";
import { DEFAULT_MAX_UPLOAD_BYTES } from "./config";
import type { DiskStorage } from "./DiskStorage";
import { failed, refuse } from "./replies";
import type { Grant } from "./signer";

/**
 * Streams a verified PUT into the storage with the signed content type. A body longer than the signed
 * `maxBytes` is refused with 413: at once when its Content-Length says so, else as soon as it passes the
 * limit; either way nothing is stored and the connection closes rather than reading on.
 */
export async function receive(
  storage: DiskStorage,
  onError: ((error: unknown) => void) | undefined,
  grant: Grant,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const limit = grant.maxBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const declared = req.headers["content-length"];
  const size = declared !== undefined && /^\d+$/.test(declared) ? Number(declared) : undefined;
  if (size !== undefined && size > limit) return refuse(req, res, 413, "E_INVALID_ARGUMENT");
  const aborted = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) aborted.abort();
  });
  let received = 0;
  // The storage destroys a body it fails on; it gets a pipe of the request, so that the request (and its
  // socket) survives to carry the answer.
  const body = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      received += chunk.length;
      if (received > limit) done(new Error("the upload is larger than its URL allows"));
      else done(null, chunk);
    },
  });
  req.pipe(body);
  req.once("error", (error) => body.destroy(error));
  try {
    const result = await storage.uploadStream(grant.key, body, grant.contentType, { size, signal: aborted.signal });
    if (result.etag !== undefined) res.setHeader("ETag", result.etag);
    res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" });
    res.end(JSON.stringify({ name: result.name, size: result.size, etag: result.etag }));
  } catch (error) {
    req.unpipe(body);
    if (received > limit) refuse(req, res, 413, "E_INVALID_ARGUMENT");
    else failed(req, res, onError, error);
  }
}
