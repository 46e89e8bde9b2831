import type { HeadObjectCommandOutput, ObjectCannedACL, S3Client } from "@aws-sdk/client-s3";
import { type App, type ElementContext, configProblems } from "@elemental/core";
import {
  type CheckDefinition,
  type DownloadOptions,
  type DownloadToFileOptions,
  type DownloadToFileResult,
  type FolderRequest,
  type FolderSlice,
  type ListEntry,
  type ListOptions,
  type ObjectInfo,
  type OperationOptions,
  type ReadResult,
  type StorageCapabilities,
  type StorageFailure,
  type UploadBody,
  type UploadUrl,
  type Visibility,
  type WriteRequest,
  type BrowserMultipart,
  DEFAULT_CONTENT_TYPE,
  StorageBase,
  StorageError,
  type ResolvedDisposition,
  type UploadUrlOptions,
  contentDisposition,
} from "@elemental/storages";
import { s3BrowserMultipart } from "./browserMultipart";
import { s3ConnectionChecks, s3UsageChecks } from "./checkSteps";
import { classifyS3Error, s3StorageErrorOf } from "./classifyError";
import { type S3ClientFactory, createS3Client } from "./clientFactory";
import { DELETE_BATCH, batchRefused, deleteBatch } from "./deleteObjects";
import { downloadToFile } from "./downloadToFile";
import { encodeKey, encodeSegment, locationUrl } from "./endpoint";
import { listObjectsV1 } from "./listObjectsV1";
import { listFolderPage } from "./folderListing";
import { checkHeaderValues } from "./headers";
import { S3Connection } from "./S3Connection";
import { readS3Object } from "./readObject";
import { resumeFolder } from "./resumableUpload";
import type { S3Settings, SettingsResolver } from "./settings";
import { cannedAclOf, readVisibility, writeVisibility } from "./visibility";
import { type S3UploadOptions, writeObject } from "./writeObject";

/**
 * The storages contract on S3 and S3-compatible servers, shared by AwsS3Type, MinioType and CloudflareR2Type
 * (which differ only in how their config becomes S3Settings). Nothing is built at construction: the client
 * comes from the injected factory, and the AWS SDK is imported, on the first operation.
 */
export abstract class S3Storage<Config extends object = Record<string, unknown>> extends StorageBase<Config, S3UploadOptions> {
  readonly capabilities: StorageCapabilities;
  readonly settings: S3Settings;
  private readonly connection: S3Connection;

  constructor(context: ElementContext<Config>, resolveSettings: SettingsResolver<Config>, createClient: S3ClientFactory = createS3Client) {
    super(context);
    const problems = configProblems(context);
    this.settings = resolveSettings(context.config, problems);
    problems.throwIfAny();
    this.capabilities = { signedUrls: true, uploadUrls: true, metadata: true, ranges: true, visibility: this.settings.acls };
    this.connection = new S3Connection(this.settings, createClient);
  }

  /** The element's S3 client (built on first use), for operations this class does not offer. */
  async s3Client(): Promise<S3Client> {
    return (await this.connection.get()).client;
  }

  /** Uploads from a browser in pre-signed parts (the console's large uploads). */
  browserMultipart(): BrowserMultipart {
    return s3BrowserMultipart(this.connection, this.settings, (operation, key, action) => this.run(operation, key, {}, action));
  }

  /** Closes the client's connections; the next operation builds a new client. */
  close(): Promise<void> {
    return this.connection.close();
  }

  /** `app.close()` closes the client's sockets. */
  override onAppExit(): Promise<void> {
    return this.close();
  }

  /** `elemental new`: the S3 Types check the new instance's endpoint, credentials and bucket (see `check`). */
  static async onCreate(fullName: string, app: App): Promise<void> {
    const storage = app.getElement<S3Storage>(fullName);
    const failed = (await storage.check()).steps.find((step) => step.status === "failed");
    if (failed?.error) throw failed.error;
  }

  protected override connectionChecks(): CheckDefinition[] {
    return s3ConnectionChecks(this.settings, this.connection);
  }

  protected override usageChecks(): CheckDefinition[] {
    return s3UsageChecks(this.settings, this.connection);
  }

  // ---- the storages contract on S3 ----

  protected async writeObject(key: string, body: UploadBody, request: WriteRequest<S3UploadOptions>): Promise<{ etag: string | undefined; size: number }> {
    const store = { folder: resumeFolder(this.app.root, this.fullName), expiryMs: this.settings.resumeExpiry * 1000 };
    return writeObject(await this.connection.get(), this.settings, key, body, request, store);
  }

  /** See readS3Object: one GET, continued from the last byte when its body breaks, read ahead in parallel ranges on a slow link. */
  protected async readObject(key: string, options: DownloadOptions): Promise<ReadResult> {
    return readS3Object(await this.connection.get(), this.settings, key, options, async () => (await this.statObject(key, options)).size);
  }

  /** Ranged GETs in parallel (partSize each, queueSize at once), written in place, pinned by ETag. */
  protected override async readObjectToFile(key: string, tempPath: string, options: DownloadToFileOptions): Promise<DownloadToFileResult> {
    const { partSize, queueSize } = this.settings;
    const { signal, onProgress } = options;
    return downloadToFile(await this.connection.get(), this.settings, key, tempPath, { rangeSize: partSize, queueSize, signal, onProgress });
  }

  protected async statObject(key: string, options: OperationOptions): Promise<ObjectInfo> {
    const { client, sdk } = await this.connection.get();
    let head: HeadObjectCommandOutput;
    try {
      head = await client.send(new sdk.HeadObjectCommand({ Bucket: this.settings.bucket, Key: key }), { abortSignal: options.signal });
    } catch (error) {
      // A HEAD answer has no body, so a missing bucket is a bare 404 like a missing object: ask once.
      if (classifyS3Error(error) === "E_NOT_FOUND") await this.connection.checkBucketOnce();
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
      contentEncoding: head.ContentEncoding,
      contentLanguage: head.ContentLanguage,
      expires: head.Expires,
    };
  }

  protected async removeObject(key: string, options: OperationOptions): Promise<void> {
    const { client, sdk } = await this.connection.get();
    await client.send(new sdk.DeleteObjectCommand({ Bucket: this.settings.bucket, Key: key }), { abortSignal: options.signal });
  }

  protected async *listObjects(prefix: string, options: ListOptions): AsyncIterable<ListEntry> {
    const { client, sdk } = await this.connection.get();
    const MaxKeys = Math.min(Math.max(Math.trunc(options.pageSize ?? 1000), 1), 1000);
    if (this.settings.listVersion === 1) {
      yield* listObjectsV1(client, sdk, this.settings.bucket, prefix, MaxKeys, options.signal);
      return;
    }
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: this.settings.bucket, Prefix: prefix || undefined, MaxKeys, ContinuationToken }), {
        abortSignal: options.signal,
      });
      for (const entry of page.Contents ?? []) {
        if (entry.Key === undefined) continue;
        yield { name: entry.Key, size: entry.Size ?? 0, etag: entry.ETag, lastModified: entry.LastModified ?? new Date(0) };
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }

  protected override listFolderObjects(prefix: string, request: FolderRequest): Promise<FolderSlice> {
    return this.connection.get().then((connection) => listFolderPage(connection, this.settings.bucket, prefix, request, this.settings.listVersion));
  }

  /** CopyObject keeps the headers and metadata (directive COPY); the ACL it does not, so the source's is read first. */
  protected async copyObject(from: string, to: string, options: OperationOptions): Promise<void> {
    const connection = await this.connection.get();
    const { bucket, acl } = this.settings;
    const ACL = this.settings.acls ? cannedAclOf(await readVisibility(connection, bucket, from, options.signal), acl) : (acl as ObjectCannedACL | undefined);
    const CopySource = `${encodeSegment(bucket)}/${encodeKey(from)}`;
    await connection.client.send(new connection.sdk.CopyObjectCommand({ Bucket: bucket, Key: to, CopySource, ACL }), { abortSignal: options.signal });
  }

  protected override async readVisibility(key: string, options: OperationOptions): Promise<Visibility> {
    return readVisibility(await this.connection.get(), this.settings.bucket, key, options.signal);
  }

  protected override async writeVisibility(key: string, visibility: Visibility, options: OperationOptions): Promise<void> {
    await writeVisibility(await this.connection.get(), this.settings.bucket, key, cannedAclOf(visibility, this.settings.acl), options.signal);
  }

  /** `publicBaseUrl` + key when configured, else the object's URL on the endpoint (it needs a signature unless the bucket is public). */
  protected objectUrl(key: string): string {
    const { publicBaseUrl, location } = this.settings;
    return publicBaseUrl === undefined ? locationUrl(location, key) : `${publicBaseUrl}/${encodeKey(key)}`;
  }

  protected override async signGetUrl(key: string, contentType: string | undefined, expires: number, asked?: ResolvedDisposition): Promise<string> {
    return (await this.connection.urlSigner()).signGet(key, expires, contentType, asked && contentDisposition(asked.disposition, asked.filename));
  }

  protected override async signUploadUrl(key: string, contentType: string, expires: number, options: UploadUrlOptions = {}): Promise<UploadUrl> {
    if (options.maxBytes !== undefined) throw new StorageError("E_UNSUPPORTED", "a presigned S3 PUT cannot limit the upload's size (maxBytes)");
    checkHeaderValues({ contentType });
    const { acl } = this.settings;
    const expiresAt = new Date(Date.now() + expires * 1000);
    const signed = await (await this.connection.urlSigner()).signPut(key, expires, contentType, acl ? { "x-amz-acl": acl } : {});
    return { url: signed.url, method: "PUT", headers: signed.headers, expiresAt };
  }

  /** Removes keys with DeleteObjects (1,000 per request), falling back to single deletes where the server refuses it. */
  protected override async removeObjects(keys: readonly string[], options: OperationOptions): Promise<Array<{ name: string; error: unknown }>> {
    const failures: Array<{ name: string; error: unknown }> = [];
    for (let start = 0; start < keys.length; start += DELETE_BATCH) {
      const batch = keys.slice(start, start + DELETE_BATCH);
      try {
        const { client, sdk } = await this.connection.get();
        failures.push(...(await deleteBatch(client, sdk, this.settings.bucket, batch, options.signal)));
      } catch (error) {
        if (!batchRefused(error)) throw error;
        failures.push(...(await super.removeObjects(batch, options)));
      }
    }
    return failures;
  }

  protected override storageErrorOf(error: unknown): StorageFailure | undefined {
    return s3StorageErrorOf(error, this.connection.address);
  }

  protected override secretValues(): string[] {
    const secret = this.settings.credentials?.secretAccessKey;
    return secret === undefined ? super.secretValues() : [...super.secretValues(), secret];
  }
}
