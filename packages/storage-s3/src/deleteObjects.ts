import type { S3Client } from "@aws-sdk/client-s3";
import { StorageError } from "@elemental/storages";
import { storageCodeOfS3Code } from "./classifyError";
import type { ClientS3Module } from "./sdk";

/** S3 takes at most this many keys per DeleteObjects request. */
export const DELETE_BATCH = 1000;

/** Answers meaning the server does not take DeleteObjects as the SDK sends it (for example the CRC32 it adds, aws-sdk-js-v3#6819). */
const BATCH_REFUSED = new Set([
  "NotImplemented",
  "InvalidRequest",
  "MissingContentMD5",
  "InvalidDigest",
  "BadDigest",
  "MalformedXML",
  "XAmzContentChecksumMismatch",
  "InvalidArgument",
]);

export interface BatchFailure {
  name: string;
  /** What S3 said about this key, as a StorageError (StorageBase adds the context). */
  error: StorageError;
}

/** Deletes up to DELETE_BATCH keys in one request; returns the keys S3 reported as failed. */
export async function deleteBatch(
  client: S3Client,
  sdk: ClientS3Module,
  bucket: string,
  keys: readonly string[],
  signal?: AbortSignal,
): Promise<BatchFailure[]> {
  const output = await client.send(new sdk.DeleteObjectsCommand({ Bucket: bucket, Delete: { Quiet: true, Objects: keys.map((Key) => ({ Key })) } }), {
    abortSignal: signal,
  });
  return (output.Errors ?? []).map(({ Key, Code, Message }) => ({
    name: Key ?? "",
    error: new StorageError((Code && storageCodeOfS3Code(Code)) || "E_UNKNOWN", [Code, Message].filter(Boolean).join(": ") || "DeleteObjects failed"),
  }));
}

/** True when a DeleteObjects failure means "send single DeleteObject requests instead". */
export function batchRefused(error: unknown): boolean {
  const { name, $metadata } = (error ?? {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  return BATCH_REFUSED.has(name ?? "") || $metadata?.httpStatusCode === 501;
}
