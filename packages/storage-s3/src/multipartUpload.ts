import { setMaxListeners } from "node:events";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import type { Upload } from "@aws-sdk/lib-storage";
import type { UploadBody } from "@elemental/storages";
import { linkedAbort } from "./abort";
import type { PutParams } from "./putObject";
import { type ClientS3Module, loadLibStorage } from "./sdk";

export interface MultipartOptions {
  partSize: number;
  queueSize: number;
  signal: AbortSignal | undefined;
}

/**
 * Uploads a body of unknown or large size with `@aws-sdk/lib-storage` (at most `partSize x queueSize` bytes
 * in memory; a body smaller than one part becomes a single PutObject). On failure or abort the multipart
 * upload is aborted on the server before this returns. lib-storage alone does not guarantee that: on
 * abort its `done()` rejects at once while parts are still in flight, and it aborts the upload on the
 * server later, in the background. So parts are sent with our abort signal, and once every part sender
 * has stopped, the upload is aborted here (a second abort of the same upload is harmless).
 */
export async function multipartUpload(client: S3Client, sdk: ClientS3Module, params: PutParams, body: UploadBody, options: MultipartOptions): Promise<void> {
  const { Upload } = await loadLibStorage();
  const { controller, dispose } = linkedAbort(options.signal);
  setMaxListeners(4 * options.queueSize + 10, controller.signal);
  const source = uploadSource(body);
  const upload = new Upload({
    client: partsAbortable(client, sdk, controller.signal),
    params: { ...params, Body: source, ...(body.size === undefined ? {} : { ContentLength: body.size }) },
    partSize: options.partSize,
    queueSize: options.queueSize,
    leavePartsOnError: false,
    abortController: controller,
  });
  try {
    await upload.done();
  } catch (error) {
    controller.abort();
    // Part senders waiting for source bytes stop only when the source does.
    if (body.kind === "stream") {
      body.stream.destroy();
      if (source !== body.stream) (source as Readable).destroy();
    }
    // The upload's own failure is what the caller needs; a failed clean-up leaves parts that a bucket
    // lifecycle rule (AbortIncompleteMultipartUpload) reclaims.
    await abortOnServer(upload, client, sdk, params).catch(() => undefined);
    throw error;
  } finally {
    dispose();
  }
}

/** What Upload reads: the bytes, or the stream (StorageBase holds a sized one to its announced size). */
function uploadSource(body: UploadBody): Buffer | Readable {
  return body.kind === "bytes" ? body.bytes : body.stream;
}

/** The client, except that data-carrying requests (parts, the single PutObject) stop when `signal` aborts. */
function partsAbortable(client: S3Client, sdk: ClientS3Module, signal: AbortSignal): S3Client {
  const scoped = Object.create(client) as S3Client;
  scoped.send = ((command: unknown, options?: object) => {
    const carriesData = command instanceof sdk.UploadPartCommand || command instanceof sdk.PutObjectCommand;
    return client.send(command as never, carriesData ? { ...options, abortSignal: signal } : options);
  }) as S3Client["send"];
  return scoped;
}

/** The parts of lib-storage's Upload it does not declare public. */
interface UploadInternals {
  uploadId?: string;
  concurrentUploaders: Array<Promise<unknown>>;
}

async function abortOnServer(upload: Upload, client: S3Client, sdk: ClientS3Module, params: PutParams): Promise<void> {
  const internals = upload as unknown as UploadInternals;
  await Promise.allSettled(internals.concurrentUploaders);
  if (!internals.uploadId) return;
  try {
    await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: params.Bucket, Key: params.Key, UploadId: internals.uploadId }));
  } catch (error) {
    if ((error as { name?: string }).name !== "NoSuchUpload") throw error;
  }
}
