import type { IncomingMessage, ServerResponse } from "node:http";
import { pipeline } from "node:stream/promises";
import type { DiskStorage } from "./DiskStorage";
import { evaluatePreconditions } from "./conditions";
import type { OpenedObject } from "./objects";
import { parseRange } from "./range";
import { failed, reply, setHeaders } from "./replies";
import { objectHeaders } from "./responseHeaders";
import type { Grant } from "./signer";

/** Answers a verified GET or HEAD: preconditions, one range, the object's headers (see objectHeaders), the bytes. */
export async function send(
  storage: DiskStorage,
  onError: ((error: unknown) => void) | undefined,
  grant: Grant,
  req: IncomingMessage,
  res: ServerResponse,
  open: (key: string) => Promise<OpenedObject> = (key) => storage.openForReading(key),
): Promise<void> {
  let object: OpenedObject;
  try {
    object = await open(grant.key);
  } catch (error) {
    return failed(req, res, onError, error);
  }
  try {
    const { info } = object;
    setHeaders(res, objectHeaders(grant, info));
    const precondition = evaluatePreconditions(req.headers, info);
    if (precondition === "failed") return reply(res, 412, "E_PRECONDITION_FAILED");
    if (precondition === "not-modified") {
      res.removeHeader("Content-Type");
      return void res.writeHead(304).end();
    }
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
      res.destroy(); // the client left, stalled past the idle timeout, or the file failed mid-way
    });
  } finally {
    await object.close();
  }
}
