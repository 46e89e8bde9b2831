import type { Readable } from "node:stream";
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { StorageError } from "@elemental/storages";
import { destroyOnAbort } from "./abort";
import { classifyS3Error } from "./classifyError";
import type { Connection } from "./S3Connection";
import { resumingBody } from "./resumingBody";

/** One GET of a byte range of one version of an object. */
export interface RangeRequest {
  bucket: string;
  key: string;
  /** Inclusive; `end` undefined reads to the object's end. */
  start: number;
  end: number | undefined;
  /** The version the bytes must come from; a different one fails with E_PRECONDITION_FAILED. */
  etag: string | undefined;
  signal: AbortSignal | undefined;
}

/** A GetObject of a range (no Range header for a whole object read from 0), pinned by If-Match when an ETag is given. */
export async function getRange({ client, sdk }: Connection, request: RangeRequest): Promise<GetObjectCommandOutput> {
  const { bucket, key, start, end, etag, signal } = request;
  const Range = start === 0 && end === undefined ? undefined : `bytes=${start}-${end ?? ""}`;
  try {
    return await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key, Range, IfMatch: etag }), { abortSignal: signal });
  } catch (error) {
    if (etag !== undefined && (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 412) throw changedError(error);
    throw error;
  }
}

export function changedError(cause: unknown): StorageError {
  return new StorageError("E_PRECONDITION_FAILED", "the object changed (a new ETag) while it was being read: the bytes would mix two versions", { cause });
}

/** The size of the whole object, from a ranged answer's `Content-Range: bytes a-b/size` (or its length when it was whole). */
export function objectSizeOf(output: GetObjectCommandOutput): number {
  const total = /\/(\d+)$/.exec(output.ContentRange ?? "")?.[1];
  return total === undefined ? (output.ContentLength ?? 0) : Number(total);
}

/**
 * The answer's body, continued from the last byte received if it breaks (see resumingBody), for as long as
 * the object keeps the ETag the answer came with; `exact` when it then ends exactly at the range's (or the
 * object's) last byte or fails. Without an ETag or a length there is nothing to pin a resume to, and the
 * body is handed out as it is (not `exact`: its length is still to be checked).
 */
export function resumableBody(
  connection: Connection,
  request: RangeRequest,
  output: GetObjectCommandOutput,
  attempts: number,
): { body: Readable; exact: boolean } {
  const body = output.Body as unknown as Readable;
  destroyOnAbort(body, request.signal);
  const ranged = /^bytes (\d+)-(\d+)\//.exec(output.ContentRange ?? "");
  const end = ranged ? Number(ranged[2]) : output.ContentLength === undefined ? undefined : request.start + output.ContentLength - 1;
  const etag = request.etag ?? output.ETag;
  if (end === undefined || etag === undefined || end < request.start) return { body, exact: false };
  const reopen = async (offset: number): Promise<Readable | null> => {
    let next: GetObjectCommandOutput;
    try {
      next = await getRange(connection, { ...request, start: offset, end, etag });
    } catch (error) {
      if (classifyS3Error(error) !== "E_INVALID_ARGUMENT") throw error;
      // This version (If-Match) has no byte at `offset` (416). A whole-object answer's Content-Length said
      // more than the object holds, and every byte before `offset` has arrived in order: that is the object.
      // A ranged answer's Content-Range named bytes that are not there: that is a broken answer.
      if (!ranged) return null;
      throw new StorageError("E_CHECKSUM_MISMATCH", `the answer named bytes up to ${end} but the object ends before byte ${offset}`, { cause: error });
    }
    const nextBody = next.Body as unknown as Readable;
    destroyOnAbort(nextBody, request.signal);
    return nextBody;
  };
  return { body: resumingBody(body, { start: request.start, end, reopen, attempts, signal: request.signal }), exact: true };
}
