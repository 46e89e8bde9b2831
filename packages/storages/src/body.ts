import { PassThrough, Readable, Transform, type TransformCallback } from "node:stream";
import { StorageError } from "./errors";
import type { TransferProgress, UploadData } from "./types";

/**
 * An upload body as Types receive it: bytes in memory, or a stream with its size when known. A local file
 * (uploadByPath) also comes with its open `file`, from which a Type may read any byte range instead of the
 * stream (parts in parallel, a part again after a failure); a Type that does so destroys the stream and
 * reports progress itself.
 */
export type UploadBody =
  | { kind: "bytes"; bytes: Buffer; size: number }
  | { kind: "stream"; stream: Readable; size: number | undefined; file?: import("node:fs/promises").FileHandle };

/** Turns every accepted kind of data into an UploadBody, without copying bytes. */
export function toUploadBody(data: UploadData, size?: number): UploadBody {
  if (size !== undefined && !(Number.isSafeInteger(size) && size >= 0)) {
    throw new StorageError("E_INVALID_ARGUMENT", `size must be a whole number of bytes, not ${String(size)}`);
  }
  if (Buffer.isBuffer(data)) return bytes(data);
  if (typeof data === "string") return bytes(Buffer.from(data, "utf8"));
  if (data instanceof Uint8Array) return bytes(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  if (data instanceof ArrayBuffer) return bytes(Buffer.from(data));
  if (data instanceof Readable) return { kind: "stream", stream: data, size };
  if (isWebStream(data)) return { kind: "stream", stream: fromWeb(data), size };
  const kind = data === null ? "null" : typeof data === "object" ? ((data as object).constructor?.name ?? "object") : typeof data;
  throw new StorageError("E_INVALID_ARGUMENT", `data must be a Buffer, Uint8Array, ArrayBuffer, string, Node Readable or web ReadableStream, not ${kind}`);
}

function bytes(buffer: Buffer): UploadBody {
  return { kind: "bytes", bytes: buffer, size: buffer.length };
}

function fromWeb(data: unknown): Readable {
  try {
    return Readable.fromWeb(data as import("node:stream/web").ReadableStream);
  } catch (cause) {
    throw new StorageError("E_INVALID_ARGUMENT", "data has a getReader method but is not a web ReadableStream", { cause });
  }
}

function isWebStream(data: unknown): boolean {
  return typeof data === "object" && data !== null && typeof (data as { getReader?: unknown }).getReader === "function";
}

/** Passes bytes through, reporting how many have gone by. */
export function progressCounter(total: number | undefined, onProgress: (progress: TransferProgress) => void): Transform {
  let loaded = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      loaded += chunk.length;
      try {
        onProgress({ loaded, total });
      } catch (error) {
        // A throw here would escape the stream machinery as an uncaught exception: fail the upload instead.
        callback(error as Error);
        return;
      }
      callback(null, chunk);
    },
  });
}

/**
 * Passes bytes through and fails at the end when fewer or more arrived than announced, so that a
 * truncated response is never taken for the whole object. `toError` turns the failure into the error
 * the reader sees (StorageBase adds the operation, key and element).
 */
export function lengthGuard(expected: number, toError: (error: StorageError) => Error = (error) => error): Transform {
  let received = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      received += chunk.length;
      if (received > expected) callback(toError(tooLong(expected)));
      else callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      if (received === expected) callback();
      else callback(toError(tooShort(received, expected)));
    },
  });
}

/**
 * The stream a download hands out: the backend's body, length-checked when its length is known. A
 * failure of the body surfaces as `toError(failure)`; a reader that stops early (destroys the stream)
 * destroys the body too, so a backend connection is never left holding an unread response.
 */
export function guardedBody(body: Readable, expected: number | undefined, toError: (error: unknown) => Error): Readable {
  const out = expected === undefined ? new PassThrough() : lengthGuard(expected, toError);
  body.once("error", (error) => out.destroy(toError(error)));
  out.once("close", () => {
    if (!body.destroyed) body.destroy();
  });
  return body.pipe(out);
}

/**
 * What `guardedBody` then `collect` would give, read from the backend's body by its events: no stream in
 * between (`download` of small objects is as fast as the raw SDK's own collector only without one).
 */
export function collectBody(body: Readable, expected: number | undefined, toError: (error: unknown) => Error): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    let settled = false;
    const fail = (error: unknown): void => {
      if (settled) return;
      settled = true;
      body.off("data", onData);
      body.destroy();
      reject(toError(error));
    };
    const onData = (chunk: Buffer | string): void => {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      chunks.push(bytes);
      received += bytes.length;
      if (expected !== undefined && received > expected) fail(tooLong(expected));
    };
    body.on("data", onData);
    body.once("end", () => {
      if (expected !== undefined && received !== expected) return fail(tooShort(received, expected));
      settled = true;
      resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, received));
    });
    body.once("error", fail);
    // A body destroyed without an error (nor an end) would leave the read waiting for ever.
    body.once("close", () => fail(new StorageError("E_CHECKSUM_MISMATCH", `the body closed after ${received} bytes, before its end`)));
  });
}

const tooLong = (expected: number): StorageError => new StorageError("E_CHECKSUM_MISMATCH", `received more than the announced ${expected} bytes`);
const tooShort = (received: number, expected: number): StorageError =>
  new StorageError("E_CHECKSUM_MISMATCH", `the body ended after ${received} of ${expected} bytes`);

/** Reads a whole stream into one Buffer. */
export async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}
