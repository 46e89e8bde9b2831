import { Readable } from "node:stream";
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";
import type { DownloadOptions, ReadResult } from "@elemental/storages";
import { classifyS3Error } from "./classifyError";
import type { Connection } from "./S3Connection";
import { type RangeRequest, getRange, objectSizeOf, resumableBody } from "./rangedGet";
import { readAheadBody } from "./readAhead";
import type { S3Settings } from "./settings";

/**
 * `download` / `downloadStream`: a GET of the first `partSize` bytes (of the object, or of the range asked
 * for). When that is everything, its body is the answer, continued from its last byte if it breaks; else
 * the rest follows in the same stream (see readAheadBody). `emptySize` is asked only when S3 refuses a
 * range from 0, which it does for an empty object.
 */
export async function readS3Object(
  connection: Connection,
  settings: S3Settings,
  key: string,
  options: DownloadOptions,
  emptySize: () => Promise<number>,
): Promise<ReadResult> {
  const start = options.range?.start ?? 0;
  const wanted = options.range?.end;
  const request: RangeRequest = {
    bucket: settings.bucket,
    key,
    start,
    end: Math.min(wanted ?? Number.POSITIVE_INFINITY, start + settings.partSize - 1),
    etag: undefined,
    signal: options.signal,
  };
  let output: GetObjectCommandOutput;
  try {
    output = await getRange(connection, request);
  } catch (error) {
    // S3 refuses any range of an empty object (416); a range from 0 of nothing is nothing, as on other Types.
    if (start === 0 && classifyS3Error(error) === "E_INVALID_ARGUMENT" && (await emptySize()) === 0) return { body: Readable.from([]), contentLength: 0 };
    throw error;
  }
  if (!output.Body) return { body: Readable.from([]), contentLength: 0 };
  const firstEnd = /^bytes \d+-(\d+)\//.exec(output.ContentRange ?? "")?.[1];
  const last = Math.min(wanted ?? Number.POSITIVE_INFINITY, objectSizeOf(output) - 1);
  if (firstEnd === undefined || Number(firstEnd) >= last || output.ETag === undefined) {
    const { body, exact } = resumableBody(connection, request, output, settings.maxAttempts);
    // An exact body ends at its last byte or fails by itself; its Content-Length (which a broken answer may lie in) is not needed.
    return { body, contentLength: exact ? undefined : output.ContentLength };
  }
  const window = Math.max(1, Math.min(settings.queueSize, Math.floor(settings.streamBufferSize / settings.partSize) - 1));
  const body = readAheadBody(connection, { ...request, end: last }, output, Number(firstEnd), {
    rangeSize: settings.partSize,
    window,
    attempts: settings.maxAttempts,
  });
  return { body, contentLength: last - start + 1 };
}
