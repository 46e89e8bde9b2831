import type { FileHandle } from "node:fs/promises";
import { setMaxListeners } from "node:events";
import { Readable } from "node:stream";
import type { CompletedPart, S3Client, UploadPartCommandOutput } from "@aws-sdk/client-s3";
import { StorageError, type TransferProgress } from "@elemental/storages";
import { linkedAbort } from "./abort";
import { settledPool } from "./settledPool";
import { classifyS3Error } from "./classifyError";
import type { PutParams } from "./putObject";
import type { ClientS3Module } from "./sdk";

export interface FilePartsOptions {
  partSize: number;
  queueSize: number;
  /** Tries per part: a part that fails for a passing reason is read from the file and sent again. */
  attempts: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: TransferProgress) => void) | undefined;
}

const PASSING = new Set(["E_UNAVAILABLE", "E_TIMEOUT"]);
/** Bytes per positional read of a part. */
const CHUNK = 256 * 1024;

/**
 * A multipart upload of a local file, `queueSize` parts at once, each part streamed from its byte range of
 * the file: memory stays at a few stream buffers per part, however large the parts (lib-storage, which
 * takes a stream, holds every part in flight in memory). A part is one request the SDK cannot retry (its
 * body is a stream), so a part that fails for a passing reason is read again and resent here. On failure
 * or abort the upload is aborted on the server once no part is in flight.
 */
export async function uploadFileParts(
  client: S3Client,
  sdk: ClientS3Module,
  params: PutParams,
  file: FileHandle,
  size: number,
  options: FilePartsOptions,
): Promise<void> {
  const { controller, dispose } = linkedAbort(options.signal);
  const abortSignal = controller.signal;
  // Every part in flight listens to it (ours and the SDK's listeners): more than Node's default of 10.
  setMaxListeners(4 * options.queueSize + 10, abortSignal);
  const withChecksums = (await client.config.requestChecksumCalculation()) === "WHEN_SUPPORTED";
  const created = await client.send(new sdk.CreateMultipartUploadCommand({ ...params, ...(withChecksums ? { ChecksumAlgorithm: "CRC32" } : {}) }), {
    abortSignal,
  });
  const uploadId = created.UploadId as string;
  const { Bucket, Key } = params;
  const count = Math.max(1, Math.ceil(size / options.partSize));
  const progress = partProgress(size, options.onProgress);
  try {
    const parts = await settledPool(count, options.queueSize, controller, async (index): Promise<CompletedPart> => {
      const start = index * options.partSize;
      const length = Math.min(options.partSize, size - start);
      for (let attempt = 1; ; attempt++) {
        abortSignal.throwIfAborted();
        const part = linkedAbort(abortSignal);
        const body = rangeBody(
          file,
          start,
          length,
          (bytes) => progress(index, bytes),
          (error) => part.controller.abort(error),
        );
        try {
          const output = await client.send(
            new sdk.UploadPartCommand({ Bucket, Key, UploadId: uploadId, PartNumber: index + 1, Body: body, ContentLength: length }),
            { abortSignal: part.controller.signal },
          );
          return completedPart(index + 1, output);
        } catch (error) {
          body.destroy();
          progress(index, -Number.MAX_SAFE_INTEGER);
          const failure = part.controller.signal.aborted && !abortSignal.aborted ? part.controller.signal.reason : error;
          if (abortSignal.aborted || attempt >= options.attempts || !PASSING.has(classifyS3Error(failure) ?? "")) throw failure;
        } finally {
          part.dispose();
        }
      }
    });
    await client.send(new sdk.CompleteMultipartUploadCommand({ Bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }), { abortSignal });
  } catch (error) {
    // No part is in flight any more (see settledPool): nothing can land after the abort.
    await client.send(new sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId: uploadId })).catch(() => undefined);
    throw error;
  } finally {
    dispose();
  }
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

function completedPart(PartNumber: number, output: UploadPartCommandOutput): CompletedPart {
  const { ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 } = output;
  return { PartNumber, ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 };
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
