import type { ObjectCannedACL, StorageClass } from "@aws-sdk/client-s3";
import { StorageError, type UploadBody, type UploadOptions, type WriteRequest } from "@elemental/storages";
import { checkHeaderValues } from "./headers";
import { uploadFileParts } from "./fileMultipart";
import { type ResumeStore, resumableFileUpload } from "./resumableUpload";
import { uploadStreamParts } from "./streamParts";
import { type PutParams, putObject } from "./putObject";
import type { Connection } from "./S3Connection";
import { cannedAclOf } from "./visibility";
import { MAX_PUT_SIZE, MIN_PART_SIZE, type S3Settings } from "./settings";

/** Upload options of the S3 Types: the common ones, plus per-call multipart tuning (defaults from the config). */
export interface S3UploadOptions extends UploadOptions {
  /** Known sizes up to this many bytes go in one PutObject; larger or unknown ones go multipart. */
  multipartThreshold?: number;
  /** Bytes per part (at least 5 MiB); raised automatically to fit S3's 10,000 parts when the size is known. */
  partSize?: number;
  /** Parts of a local file in flight at once (each a connection). */
  queueSize?: number;
  /** Bytes of a stream held at most: the part filling and the parts in flight. */
  streamBufferSize?: number;
  /**
   * uploadByPath only: keep the multipart upload's state (under appData/.elemental/uploads) so that a run
   * that was interrupted is continued by the next one with `resume: true`, sending only missing parts.
   */
  resume?: boolean;
}

const MAX_PARTS = 10_000;

/**
 * Writes one object: a known size up to the threshold in one PutObject, anything else multipart (a local
 * file by ranges of it, in parallel; a stream cut into parts in bounded memory). A
 * large write is checked where it landed (HeadObject): the stored size, not what we meant to send.
 */
export async function writeObject(
  { client, sdk }: Connection,
  settings: S3Settings,
  key: string,
  body: UploadBody,
  request: WriteRequest<S3UploadOptions>,
  store: ResumeStore,
): Promise<{ etag: string | undefined; size: number }> {
  if (request.resume === true && !(body.kind === "stream" && body.file)) {
    throw new StorageError("E_INVALID_ARGUMENT", "resume continues the upload of a local file: it works with uploadByPath only");
  }
  const params = putParams(settings, key, request);
  const threshold = Math.min(request.multipartThreshold ?? settings.multipartThreshold, MAX_PUT_SIZE);
  const head = () => client.send(new sdk.HeadObjectCommand({ Bucket: settings.bucket, Key: key }));
  if (hasSize(body) && body.size <= threshold) {
    const etag = await putObject(client, sdk, params, body, request.signal);
    if (body.size < settings.partSize) return { etag, size: body.size };
    const stored = await head();
    return { etag: stored.ETag ?? etag, size: stored.ContentLength ?? 0 };
  }
  const partSize = Math.max(request.partSize ?? settings.partSize, Math.ceil((body.size ?? 0) / MAX_PARTS));
  if (partSize < MIN_PART_SIZE) throw new StorageError("E_INVALID_ARGUMENT", `partSize must be at least ${MIN_PART_SIZE} bytes (5 MiB), not ${partSize}`);
  const queueSize = request.queueSize ?? settings.queueSize;
  if (body.kind === "stream" && body.file && hasSize(body)) {
    // A local file: its parts are read from their ranges of the file, in parallel; its stream is never made.
    const { signal, onProgress } = request;
    const parts = { partSize, queueSize, attempts: settings.maxAttempts, signal, onProgress };
    if (request.resume === true) await resumableFileUpload(client, sdk, params, body.file, body.size, { ...parts, store });
    else await uploadFileParts(client, sdk, params, body.file, body.size, parts);
  } else if (body.kind === "bytes") {
    await uploadFileParts(client, sdk, params, body.bytes, body.size, { partSize, queueSize, attempts: 1, signal: request.signal, onProgress: undefined });
  } else {
    const bufferSize = Math.max(request.streamBufferSize ?? settings.streamBufferSize, partSize);
    // Unless a part size is set (for the call or in the config), a stream's parts are as small as lets
    // `queueSize` of them be in flight within the buffer, not below S3's 5 MiB (64 MiB: 11 parts of 5 MiB in
    // flight and one filling, where 8 MiB parts left 7; WAN profile, 256 MiB: 126-134 MiB/s against 111-113).
    const asked = request.partSize ?? settings.configuredPartSize;
    const fitted = Math.max(MIN_PART_SIZE, Math.ceil((body.size ?? 0) / MAX_PARTS), Math.min(partSize, Math.floor(bufferSize / (queueSize + 1))));
    const streamPartSize = asked === undefined ? fitted : partSize;
    await uploadStreamParts(client, sdk, params, body.stream, { partSize: streamPartSize, bufferSize, signal: request.signal });
  }
  // CompleteMultipartUpload's ETag is empty on some servers (RGW); HeadObject has it, and the stored size.
  const stored = await head();
  return { etag: stored.ETag, size: stored.ContentLength ?? 0 };
}

function putParams(settings: S3Settings, key: string, request: WriteRequest): PutParams {
  const { contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, metadata, visibility } = request;
  checkHeaderValues({ contentType, cacheControl, contentDisposition, contentEncoding, contentLanguage, metadata });
  const { storageClasses } = settings;
  if (request.storageClass !== undefined && storageClasses !== undefined && !storageClasses.includes(request.storageClass)) {
    throw new StorageError(
      "E_UNSUPPORTED",
      `this server's S3 API does not take storage class ${JSON.stringify(request.storageClass)} (it takes ${storageClasses.join(", ")})`,
    );
  }
  return {
    Bucket: settings.bucket,
    Key: key,
    ContentType: request.contentType,
    Metadata: request.metadata,
    CacheControl: request.cacheControl,
    ContentDisposition: request.contentDisposition,
    ContentEncoding: contentEncoding,
    ContentLanguage: contentLanguage,
    Expires: request.expires,
    StorageClass: request.storageClass as StorageClass | undefined,
    ACL: visibility === undefined ? (settings.acl as ObjectCannedACL | undefined) : cannedAclOf(visibility, settings.acl),
  };
}

function hasSize(body: UploadBody): body is UploadBody & { size: number } {
  return body.size !== undefined;
}
