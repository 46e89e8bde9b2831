import { Readable } from "node:stream";
import type { ObjectCannedACL, S3Client, StorageClass } from "@aws-sdk/client-s3";
import type { ElementContext } from "@elemental/core";
import {
  type DeleteManyResult, type DownloadOptions, type ListEntry, type ListOptions, type ObjectInfo, type OperationOptions, type ReadResult,
  type StorageCapabilities, type StorageErrorCode, type UploadBody, type UploadData, type UploadOptions, type UploadResult, type UploadUrl,
  type WriteRequest, DEFAULT_CONTENT_TYPE, StorageBase, StorageError, keyProblem,
} from "@elemental/storages";
import { type ResolvedDisposition, type UploadUrlOptions, contentDisposition } from "@elemental/storages";
import { destroyOnAbort } from "./abort";
import { classifyS3Error, describeS3Error } from "./classifyError";
import { type S3ClientFactory, createS3Client } from "./clientFactory";
import { DELETE_BATCH, batchRefused, deleteBatch } from "./deleteObjects";
import { encodeKey, encodeSegment, locationUrl } from "./endpoint";
import { checkHeaderValues } from "./headers";
import { multipartUpload } from "./multipartUpload";
import { type PutParams, putObject } from "./putObject";
import { type ClientS3Module, loadClientS3 } from "./sdk";
import { ConfigProblems, MAX_PUT_SIZE, MIN_PART_SIZE, type S3Settings } from "./settings";
import { UrlSigner } from "./UrlSigner";

/** Upload options of the S3 Types: the common ones, plus per-call multipart tuning (defaults from the config). */
export interface S3UploadOptions extends UploadOptions {
  /** Known sizes up to this many bytes go in one PutObject; larger or unknown ones go multipart. */
  multipartThreshold?: number;
  /** Bytes per part (at least 5 MiB); raised automatically to fit S3's 10,000 parts when the size is known. */
  partSize?: number;
  /** Parts in flight at once; memory held is about partSize x queueSize. */
  queueSize?: number;
}

/** Turns a Type's config into settings, recording problems by JSON pointer. */
export type SettingsResolver<Config> = (config: Config, problems: ConfigProblems) => S3Settings;

interface Connection {
  client: S3Client;
  sdk: ClientS3Module;
}

const MAX_PARTS = 10_000;

/**
 * The storages contract on S3 and S3-compatible servers, shared by AwsS3Type, MinioType and CloudflareR2Type
 * (which differ only in how their config becomes S3Settings). Nothing is built at construction: the client
 * comes from the injected factory, and the AWS SDK is imported, on the first operation.
 */
export abstract class S3Storage<Config extends object = Record<string, unknown>> extends StorageBase<Config, S3UploadOptions> {
  readonly capabilities: StorageCapabilities = { signedUrls: true, uploadUrls: true, metadata: true, ranges: true };
  readonly settings: S3Settings;
  private readonly createClient: S3ClientFactory;
  private connection: Promise<Connection> | undefined;
  private signer: Promise<UrlSigner> | undefined;
  private bucketChecked = false;

  constructor(context: ElementContext<Config>, resolveSettings: SettingsResolver<Config>, createClient: S3ClientFactory = createS3Client) {
    super(context);
    const problems = new ConfigProblems();
    this.settings = resolveSettings(context.config, problems);
    problems.throwIfAny(context);
    this.createClient = createClient;
  }

  /** The element's S3 client (built on first use), for operations this class does not offer. */
  async s3Client(): Promise<S3Client> {
    return (await this.connect()).client;
  }

  /** Closes the client's connections; the next operation builds a new client. */
  async close(): Promise<void> {
    const pending = this.connection;
    this.connection = undefined;
    this.signer = undefined;
    if (pending) (await pending.catch(() => undefined))?.client.destroy();
  }

  // ---- the storages contract on S3 ----

  protected async writeObject(key: string, body: UploadBody, request: WriteRequest<S3UploadOptions>): Promise<{ etag: string | undefined; size: number }> {
    const { client, sdk } = await this.connect();
    const params = this.putParams(key, request);
    const threshold = Math.min(request.multipartThreshold ?? this.settings.multipartThreshold, MAX_PUT_SIZE);
    if (hasSize(body) && body.size <= threshold) {
      const etag = await putObject(client, sdk, params, body, request.signal);
      if (body.size < this.settings.partSize) return { etag, size: body.size };
      // A large write is checked where it landed: the stored size, not what we meant to send.
      const stored = await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
      return { etag: stored.ETag ?? etag, size: stored.ContentLength ?? 0 };
    }
    const partSize = Math.max(request.partSize ?? this.settings.partSize, Math.ceil((body.size ?? 0) / MAX_PARTS));
    if (partSize < MIN_PART_SIZE) throw new StorageError("E_INVALID_ARGUMENT", `partSize must be at least ${MIN_PART_SIZE} bytes (5 MiB), not ${partSize}`);
    const queueSize = request.queueSize ?? this.settings.queueSize;
    await multipartUpload(client, sdk, params, body, { partSize, queueSize, signal: request.signal });
    // CompleteMultipartUpload's ETag is empty on some servers (RGW); HeadObject has it, and the stored size.
    const stored = await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }));
    return { etag: stored.ETag, size: stored.ContentLength ?? 0 };
  }

  protected async readObject(key: string, options: DownloadOptions): Promise<ReadResult> {
    const { client, sdk } = await this.connect();
    const range = options.range ? `bytes=${options.range.start}-${options.range.end ?? ""}` : undefined;
    let output;
    try {
      output = await client.send(new sdk.GetObjectCommand({ Bucket: this.settings.bucket, Key: key, Range: range }), { abortSignal: options.signal });
    } catch (error) {
      // S3 refuses any range of an empty object (416); a range from 0 of nothing is nothing, as on other Types.
      if (options.range?.start === 0 && classifyS3Error(error) === "E_INVALID_ARGUMENT" && (await this.statObject(key, options)).size === 0) {
        return { body: Readable.from([]), contentLength: 0 };
      }
      throw error;
    }
    const body = output.Body as unknown as Readable | undefined;
    if (!body) return { body: Readable.from([]), contentLength: 0 };
    destroyOnAbort(body, options.signal);
    return { body, contentLength: output.ContentLength };
  }

  protected async statObject(key: string, options: OperationOptions): Promise<ObjectInfo> {
    const { client, sdk } = await this.connect();
    let head;
    try {
      head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }), { abortSignal: options.signal });
    } catch (error) {
      // A HEAD answer has no body, so a missing bucket is a bare 404 like a missing object: ask once.
      if (classifyS3Error(error) === "E_NOT_FOUND") await this.checkBucketOnce(client, sdk);
      throw error;
    }
    return {
      name: key,
      size: head.ContentLength ?? 0,
      contentType: head.ContentType ?? DEFAULT_CONTENT_TYPE,
      etag: head.ETag,
      lastModified: head.LastModified ?? new Date(0),
      metadata: { ...head.Metadata },
      cacheControl: head.CacheControl,
      contentDisposition: head.ContentDisposition,
    };
  }

  protected async removeObject(key: string, options: OperationOptions): Promise<void> {
    const { client, sdk } = await this.connect();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }), { abortSignal: options.signal });
  }

  protected async *listObjects(prefix: string, options: ListOptions): AsyncIterable<ListEntry> {
    const { client, sdk } = await this.connect();
    const MaxKeys = Math.min(Math.max(Math.trunc(options.pageSize ?? 1000), 1), 1000);
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(
        new sdk.ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix || undefined, MaxKeys, ContinuationToken }),
        { abortSignal: options.signal },
      );
      for (const entry of page.Contents ?? []) {
        if (entry.Key === undefined) continue;
        yield { name: entry.Key, size: entry.Size ?? 0, etag: entry.ETag, lastModified: entry.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  protected async copyObject(from: string, to: string, options: OperationOptions): Promise<void> {
    const { client, sdk } = await this.connect();
    const { bucket, acl } = this.settings;
    await client.send(
      new sdk.CopyObjectCommand({ Bucket: bucket, Key: to, CopySource: `${encodeSegment(bucket)}/${encodeKey(from)}`, ACL: acl as ObjectCannedACL | undefined }),
      { abortSignal: options.signal },
    );
  }

  /** `publicBaseUrl` + key when configured, else the object's URL on the endpoint (it needs a signature unless the bucket is public). */
  protected objectUrl(key: string): string {
    const { publicBaseUrl, location } = this.settings;
    return publicBaseUrl === undefined ? locationUrl(location, key) : `${publicBaseUrl}/${encodeKey(key)}`;
  }

  protected override async signGetUrl(key: string, contentType: string | undefined, expires: number, asked?: ResolvedDisposition): Promise<string> {
    return (await this.urlSigner()).signGet(key, expires, contentType, asked && contentDisposition(asked.disposition, asked.filename));
  }

  protected override async signUploadUrl(key: string, contentType: string, expires: number, options: UploadUrlOptions = {}): Promise<UploadUrl> {
    if (options.maxBytes !== undefined) throw new StorageError("E_UNSUPPORTED", "a presigned S3 PUT cannot limit the upload's size (maxBytes)");
    checkHeaderValues({ contentType });
    const { acl } = this.settings;
    const expiresAt = new Date(Date.now() + expires * 1000);
    const signed = await (await this.urlSigner()).signPut(key, expires, contentType, acl ? { "x-amz-acl": acl } : {});
    return { url: signed.url, method: "PUT", headers: signed.headers, expiresAt };
  }

  protected override classifyError(error: unknown): StorageErrorCode | undefined {
    return classifyS3Error(error);
  }

  /** Removes keys with DeleteObjects (1,000 per request), falling back to single deletes where the server refuses it. */
  protected override async removeObjects(keys: readonly string[], options: OperationOptions): Promise<Array<{ name: string; error: unknown }>> {
    const failures: Array<{ name: string; error: unknown }> = [];
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      try {
        const { client, sdk } = await this.connect();
        failures.push(...(await deleteBatch(client, sdk, this.settings.bucket, batch, options.signal)));
      } catch (error) {
        if (!batchRefused(error)) throw error;
        failures.push(...(await super.removeObjects(batch, options)));
      }
    }
    return failures;
  }

  protected override describeError(error: unknown): unknown {
    return describeS3Error(error, { endpoint: this.settings.endpoint.href.replace(/\/$/, ""), bucket: this.settings.bucket });
  }

  protected override secretValues(): string[] {
    const secret = this.settings.credentials?.secretAccessKey;
    return secret === undefined ? super.secretValues() : [...super.secretValues(), secret];
  }

  // ---- helpers ----

  private connect(): Promise<Connection> {
    if (this.connection) return this.connection;
    const pending = Promise.all([loadClientS3(), this.createClient(this.settings)]).then(([sdk, client]) => ({ sdk, client }));
    pending.catch(() => {
      if (this.connection === pending) this.connection = undefined;
    });
    this.connection = pending;
    return pending;
  }

  /** Throws NoSuchBucket when the bucket does not exist; asks the server once per element. */
  private async checkBucketOnce(client: S3Client, sdk: ClientS3Module): Promise<void> {
    if (this.bucketChecked) return;
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket: this.settings.bucket }));
      this.bucketChecked = true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) throw Object.assign(new Error(`the bucket "${this.settings.bucket}" does not exist`), { name: "NoSuchBucket", $metadata: { httpStatusCode: 404 } });
    }
  }

  private urlSigner(): Promise<UrlSigner> {
    if (this.signer) return this.signer;
    const pending = this.connect().then(({ client }) => UrlSigner.create(client, this.settings.location));
    pending.catch(() => {
      if (this.signer === pending) this.signer = undefined;
    });
    this.signer = pending;
    return pending;
  }

  private putParams(key: string, request: WriteRequest): PutParams {
    checkHeaderValues({ contentType: request.contentType, cacheControl: request.cacheControl, contentDisposition: request.contentDisposition, metadata: request.metadata });
    return {
      Bucket: this.settings.bucket,
      Key: key,
      ContentType: request.contentType,
      Metadata: request.metadata,
      CacheControl: request.cacheControl,
      ContentDisposition: request.contentDisposition,
      StorageClass: request.storageClass as StorageClass | undefined,
      ACL: this.settings.acl as ObjectCannedACL | undefined,
    };
  }
}

function hasSize(body: UploadBody): body is UploadBody & { size: number } {
  return body.size !== undefined;
}
