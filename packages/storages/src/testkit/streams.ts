import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

const MiB = 1024 * 1024;

/** A stream of `size` random bytes made chunk by chunk (never all in memory), hashing what it produced. */
export function randomSource(size: number, chunkBytes = MiB): { stream: Readable; sha256: () => string } {
  const hash = createHash("sha256");
  let left = size;
  const stream = new Readable({
    read() {
      if (left === 0) {
        this.push(null);
        return;
      }
      const chunk = randomBytes(Math.min(chunkBytes, left));
      left -= chunk.length;
      hash.update(chunk);
      this.push(chunk);
    },
  });
  return { stream, sha256: () => hash.copy().digest("hex") };
}

/** Writes `size` random bytes to a new file; returns their SHA-256. */
export async function writeRandomFile(file: string, size: number): Promise<string> {
  const source = randomSource(size);
  await pipeline(source.stream, createWriteStream(file));
  return source.sha256();
}

/** The SHA-256 and length of everything a stream yields, read chunk by chunk. */
export async function digestOf(stream: AsyncIterable<unknown>): Promise<{ sha256: string; size: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
    hash.update(bytes);
    size += bytes.length;
  }
  return { sha256: hash.digest("hex"), size };
}

/** Every byte of a stream, for small objects. */
export async function bytesOf(stream: AsyncIterable<unknown>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

/**
 * A source that never ends on its own: one chunk every `intervalMs`, until destroyed. `producedAtLeast`
 * resolves once that many bytes were handed to the reader.
 */
export function endlessSlowSource(chunkBytes = 64 * 1024, intervalMs = 10) {
  let produced = 0;
  let timer: NodeJS.Timeout | undefined;
  const waiters: Array<{ bytes: number; resolve: () => void }> = [];
  const stream = new Readable({
    read() {
      timer = setTimeout(() => {
        produced += chunkBytes;
        for (const waiter of waiters.filter((w) => produced >= w.bytes)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
        this.push(Buffer.alloc(chunkBytes, 0x61));
      }, intervalMs);
    },
    destroy(error, callback) {
      clearTimeout(timer);
      callback(error);
    },
  });
  const producedAtLeast = (bytes: number): Promise<void> =>
    produced >= bytes ? Promise.resolve() : new Promise((resolve) => waiters.push({ bytes, resolve }));
  return { stream, producedAtLeast, produced: () => produced };
}

/** A web ReadableStream of the given chunks. */
export function webStreamOf(chunks: readonly Uint8Array[]): ReadableStream<Uint8Array> {
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
  });
}
