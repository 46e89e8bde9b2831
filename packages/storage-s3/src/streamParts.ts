import type { Readable } from "node:stream";
import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";
import { MAX_PART_SIZE } from "./settings";
import { MultipartSession } from "./multipartSession";
import { type PutParams, putObject } from "./putObject";
import type { ClientS3Module } from "./sdk";

export interface StreamPartsOptions {
  /** The first parts' size; it doubles every 1,000 parts, so that no stream runs out of S3's 10,000. */
  partSize: number;
  /** Bytes of the stream held at most: the part being filled and the parts in flight. */
  bufferSize: number;
  signal: AbortSignal | undefined;
}

const PARTS_PER_SIZE = 1000;

/**
 * Uploads a stream (of unknown or known size) multipart: it is read into part buffers, and parts are sent
 * while the next ones fill, as many as `bufferSize` holds (with 5 MiB parts and 64 MiB, 11 in flight and one
 * filling). A stream that ends within the first part goes in one PutObject. Part sizes double every 1,000
 * parts (5 MiB parts reach 4.9 GiB, then 10 MiB ones 14.6 GiB, ...), so memory stays bounded by
 * max(bufferSize, 2 parts) at any length. lib-storage did this before, and held about twice the bytes
 * (RSS 204 MiB at 16 MiB x 4 where this holds 64 MiB). A Buffer body is one the SDK retries itself.
 */
export async function uploadStreamParts(
  client: S3Client,
  sdk: ClientS3Module,
  params: PutParams,
  stream: Readable,
  options: StreamPartsOptions,
): Promise<void> {
  const reader = new PartReader(stream);
  let buffer = await reader.take(options.partSize);
  if (reader.done) {
    const bytes = buffer ?? Buffer.alloc(0);
    await putObject(client, sdk, params, { kind: "bytes", bytes, size: bytes.length }, options.signal);
    return;
  }
  const session = await MultipartSession.create(client, sdk, params, options.signal, Math.ceil(options.bufferSize / options.partSize));
  const parts: CompletedPart[] = [];
  const inFlight = new Map<Promise<void>, number>();
  let failure: { error: unknown } | undefined;
  const inFlightBytes = (): number => [...inFlight.values()].reduce((sum, bytes) => sum + bytes, 0);
  try {
    for (let partNumber = 1; buffer !== undefined && failure === undefined; partNumber++) {
      const bytes = buffer;
      const sending: Promise<void> = session
        .sendPart(partNumber, bytes.length, () => bytes, 1)
        .then(
          (part) => {
            parts[partNumber - 1] = part;
          },
          (error: unknown) => {
            failure ??= { error };
            session.controller.abort(error);
          },
        );
      inFlight.set(sending, bytes.length);
      void sending.then(() => inFlight.delete(sending));
      const next = partSizeFor(partNumber + 1, options.partSize);
      while (inFlight.size > 0 && inFlightBytes() + next > options.bufferSize && failure === undefined) await Promise.race(inFlight.keys());
      if (failure === undefined) buffer = await raceAbort(reader.take(next), session.signal);
    }
  } catch (error) {
    failure ??= { error };
  }
  await Promise.allSettled(inFlight.keys());
  if (failure !== undefined) {
    stream.destroy();
    await session.abort();
    throw failure.error;
  }
  await session.complete(parts);
}

function partSizeFor(partNumber: number, base: number): number {
  return Math.min(MAX_PART_SIZE, base * 2 ** Math.floor((partNumber - 1) / PARTS_PER_SIZE));
}

/** Waits for `promise` unless `signal` aborts first (a part failed: stop reading the stream). */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** Cuts a stream into buffers of a given size, copying each chunk once. */
class PartReader {
  done = false;
  private readonly chunks: AsyncIterator<unknown>;
  private leftover: Buffer | undefined;

  constructor(stream: Readable) {
    this.chunks = stream[Symbol.asyncIterator]();
  }

  /** The next `size` bytes (fewer at the end of the stream), or undefined when nothing is left. */
  async take(size: number): Promise<Buffer | undefined> {
    const part = Buffer.allocUnsafe(size);
    let filled = 0;
    while (filled < size) {
      let chunk = this.leftover;
      this.leftover = undefined;
      if (chunk === undefined) {
        const next = await this.chunks.next();
        if (next.done) {
          this.done = true;
          break;
        }
        chunk = typeof next.value === "string" ? Buffer.from(next.value) : (next.value as Buffer);
      }
      const used = Math.min(chunk.length, size - filled);
      chunk.copy(part, filled, 0, used);
      filled += used;
      if (used < chunk.length) this.leftover = chunk.subarray(used);
    }
    // A stream that ends exactly at a part's end says so only on the next read: look ahead once.
    if (filled === size && this.leftover === undefined && !this.done) {
      const next = await this.chunks.next();
      if (next.done) this.done = true;
      else this.leftover = typeof next.value === "string" ? Buffer.from(next.value) : (next.value as Buffer);
    }
    if (filled === 0) return undefined;
    return filled === size ? part : part.subarray(0, filled);
  }
}
