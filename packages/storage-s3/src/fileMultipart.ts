import type { FileHandle } from "node:fs/promises";
import { Readable } from "node:stream";
import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";
import { StorageError, type TransferProgress } from "@elemental/storages";
import { MultipartSession } from "./multipartSession";
import type { PutParams } from "./putObject";
import type { ClientS3Module } from "./sdk";
import { settledPool } from "./settledPool";

export interface FilePartsOptions {
  partSize: number;
  queueSize: number;
  /** Tries per part: a part that fails for a passing reason is read from the file and sent again. */
  attempts: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: TransferProgress) => void) | undefined;
}

/** Bytes per positional read of a part. */
const CHUNK = 256 * 1024;

/**
 * A multipart upload of a local file (or of bytes already in memory), `queueSize` parts at once, each part
 * streamed from its byte range of the file: memory stays at a few read buffers per part, however large the parts (lib-storage, which takes
 * a stream, holds every part in flight in memory). A part whose request fails for a passing reason is read
 * again and resent. On failure or abort the upload is aborted on the server once no part is in flight.
 */
export async function uploadFileParts(
  client: S3Client,
  sdk: ClientS3Module,
  params: PutParams,
  file: FileHandle | Buffer,
  size: number,
  options: FilePartsOptions,
): Promise<void> {
  const session = await MultipartSession.create(client, sdk, params, options.signal, options.queueSize);
  let parts: CompletedPart[];
  try {
    parts = await sendFileParts(session, file, size, options);
  } catch (error) {
    // sendFileParts returns once no part is in flight: nothing can land after the abort.
    await session.abort();
    throw error;
  }
  await session.complete(parts);
}

/**
 * Sends the parts of `file` that `done` does not hold (all of them by default), `queueSize` at once, and
 * returns every part in order. Settles only once no part is in flight.
 */
export async function sendFileParts(
  session: MultipartSession,
  file: FileHandle | Buffer,
  size: number,
  options: FilePartsOptions,
  done: ReadonlyMap<number, CompletedPart> = new Map(),
): Promise<CompletedPart[]> {
  const count = Math.max(1, Math.ceil(size / options.partSize));
  const progress = partProgress(size, options.onProgress);
  for (const partNumber of done.keys()) progress(partNumber - 1, Math.min(options.partSize, size - (partNumber - 1) * options.partSize));
  const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !done.has(index + 1));
  const sent = await settledPool(missing.length, options.queueSize, session.controller, (slot) => {
    const index = missing[slot] as number;
    const start = index * options.partSize;
    const length = Math.min(options.partSize, size - start);
    // Bytes already in memory are sent as slices of them (no copy; the SDK retries a Buffer itself).
    const body = Buffer.isBuffer(file)
      ? () => file.subarray(start, start + length)
      : (fail: (error: unknown) => void): Readable => rangeBody(file, start, length, (bytes) => progress(index, bytes), fail);
    return session.sendPart(index + 1, length, body, options.attempts, () => progress(index, -Number.MAX_SAFE_INTEGER));
  });
  const byNumber = new Map(done);
  for (const part of sent) byNumber.set(part.PartNumber as number, part);
  return Array.from({ length: count }, (_, index) => byNumber.get(index + 1) as CompletedPart);
}

/**
 * One part's bytes, read from the file with positional reads as the request sends them (a FileHandle's
 * own streams cannot be let go of without closing the file). A file that got shorter fails the body
 * (E_CHECKSUM_MISMATCH), and `fail` aborts the request: the SDK pipes a body without watching it, so a
 * body that just ended early would leave the request waiting for bytes that never come.
 */
function rangeBody(file: FileHandle, start: number, length: number, counted: (bytes: number) => void, fail: (error: unknown) => void): Readable {
  let offset = 0;
  const body = new Readable({
    read() {
      const want = Math.min(CHUNK, length - offset);
      if (want <= 0) return void this.push(null);
      file
        .read(Buffer.allocUnsafe(want), 0, want, start + offset)
        .then(({ bytesRead, buffer }) => {
          if (bytesRead === 0) throw new StorageError("E_CHECKSUM_MISMATCH", `the file ended ${length - offset} bytes before the part's end`);
          offset += bytesRead;
          counted(bytesRead);
          this.push(buffer.subarray(0, bytesRead));
        })
        .catch((error: unknown) => this.destroy(error as Error));
    },
  });
  body.once("error", fail);
  return body;
}

/** Bytes sent across parts; a part sent again counts from nothing again, and the total never goes back. */
function partProgress(total: number, onProgress: FilePartsOptions["onProgress"]): (part: number, bytes: number) => void {
  const perPart = new Map<number, number>();
  let sum = 0;
  let reported = 0;
  return (part, bytes) => {
    const before = perPart.get(part) ?? 0;
    const after = Math.max(0, before + bytes);
    perPart.set(part, after);
    sum += after - before;
    if (onProgress && sum > reported) {
      reported = sum;
      onProgress({ loaded: sum, total });
    }
  };
}
