import { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { UploadData } from "@elemental/storages";

/** The bytes of in-memory data, or undefined for a stream. */
export function bytesOf(data: UploadData): Buffer | undefined {
  if (typeof data === "string") return Buffer.from(data);
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof Uint8Array) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (data instanceof ArrayBuffer) return Buffer.from(data);
  return undefined;
}

/** A Node stream over stream data. */
export function readableOf(data: UploadData): Readable {
  if (data instanceof Readable) return data;
  return Readable.fromWeb(data as WebReadableStream<Uint8Array>);
}
