import { open } from "node:fs/promises";
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { type DownloadToFileResult, StorageError, type TransferProgress } from "@elemental/storages";
import { linkedAbort } from "./abort";
import { classifyS3Error } from "./classifyError";
import type { Connection } from "./S3Connection";
import { type RangeRequest, getRange, objectSizeOf, resumableBody } from "./rangedGet";
import type { S3Settings } from "./settings";
import { settledPool } from "./settledPool";

export interface RangedDownloadOptions {
  /** Bytes per ranged GET. */
  rangeSize: number;
  /** Ranged GETs in flight at once. */
  queueSize: number;
  signal: AbortSignal | undefined;
  onProgress: ((progress: TransferProgress) => void) | undefined;
}

/**
 * Downloads an object into `tempPath` (a new file) with ranged GETs in parallel, each written in place at
 * its offset. The first range tells the object's size and ETag; every other range is asked for with
 * If-Match on that ETag, so an object replaced mid-way fails with E_PRECONDITION_FAILED instead of giving a
 * file of two versions. A range whose body breaks continues from its last byte (resumableBody). An
 * object no larger than one range takes one GET.
 */
export async function downloadToFile(
  connection: Connection,
  settings: S3Settings,
  key: string,
  tempPath: string,
  options: RangedDownloadOptions,
): Promise<DownloadToFileResult> {
  const { controller, dispose } = linkedAbort(options.signal, options.queueSize);
  const base = { bucket: settings.bucket, key, etag: undefined, signal: controller.signal };
  const handle = await open(tempPath, "wx");
  try {
    const firstRequest: RangeRequest = { ...base, start: 0, end: options.rangeSize - 1 };
    const first = await firstRange(connection, firstRequest);
    if (first === "empty") return { name: key, size: 0, etag: (await emptyObjectEtag(connection, settings, key, options.signal)) ?? undefined };
    const size = objectSizeOf(first);
    const etag = first.ETag;
    let loaded = 0;
    const write = async (request: RangeRequest, output: GetObjectCommandOutput): Promise<void> => {
      let position = request.start;
      for await (const chunk of resumableBody(connection, request, output, settings.maxAttempts).body) {
        const bytes = chunk as Buffer;
        await handle.write(bytes, 0, bytes.length, position);
        position += bytes.length;
        loaded += bytes.length;
        options.onProgress?.({ loaded, total: size });
      }
      const last = Math.min(size - 1, request.end ?? size - 1);
      if (position !== last + 1) throw new StorageError("E_CHECKSUM_MISMATCH", `bytes ${request.start}-${last} ended at ${position}`);
    };
    // The first answer is written while the other ranges are fetched: it is one of the pool's ranges.
    const count = first.ContentRange === undefined ? 1 : Math.max(1, Math.ceil(size / options.rangeSize));
    await settledPool(count, options.queueSize, controller, async (index) => {
      if (index === 0) return write({ ...firstRequest, etag }, first);
      const start = index * options.rangeSize;
      const request: RangeRequest = { ...base, etag, start, end: Math.min(size, start + options.rangeSize) - 1 };
      return write(request, await getRange(connection, request));
    });
    return { name: key, size, etag };
  } finally {
    dispose();
    await handle.close();
  }
}

/** The first range; "empty" for an empty object, of which S3 refuses any range (416). */
async function firstRange(connection: Connection, request: RangeRequest): Promise<GetObjectCommandOutput | "empty"> {
  try {
    return await getRange(connection, request);
  } catch (error) {
    if (classifyS3Error(error) === "E_INVALID_ARGUMENT") return "empty";
    throw error;
  }
}

async function emptyObjectEtag({ client, sdk }: Connection, settings: S3Settings, key: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  const head = await client.send(new sdk.HeadObjectCommand({ Bucket: settings.bucket, Key: key }), { abortSignal: signal });
  if ((head.ContentLength ?? 0) !== 0) throw new Error("the object refused its first range but is not empty");
  return head.ETag;
}
