import { mkdir } from "node:fs/promises";
import path from "node:path";
import { type App, type ElementContext, type JsonSchema, configProblems } from "@elemental/core";
import {
  type DownloadOptions,
  type FolderRequest,
  type FolderSlice,
  type ListEntry,
  type ListOptions,
  type ObjectInfo,
  type OperationOptions,
  type ReadResult,
  type ResolvedDisposition,
  StorageBase,
  type StorageCapabilities,
  StorageError,
  type StorageFailure,
  type UploadBody,
  type UploadUrl,
  type UploadUrlOptions,
  type Visibility,
  type WriteRequest,
  isStorageError,
} from "@elemental/storages";
import { DEFAULT_BASE_URL, DEFAULT_MAX_UPLOAD_BYTES, type DiskConfig, diskConfigSchema } from "./config";
import { diskStorageErrorOf, isErrno } from "./fsErrors";
import { listFolder } from "./folderListing";
import { listKeys } from "./listing";
import { DiskObjects, type OpenedObject } from "./objects";
import type { Details } from "./writer";
import { DiskPaths } from "./paths";
import { holdsKeys, refuseKeysInside } from "./keyPlacement";
import { type Grant, sign, verify } from "./signer";
import { signingKeyFile } from "./signingKey";
import { SigningKeys } from "./signingKeys";
import { objectAddress } from "./urls";
import { DiskVisibility } from "./visibility";

/**
 * `storages.DiskType`: objects as files under a directory, written atomically, with their content type
 * and metadata in hidden sidecar files, and HMAC-signed URLs that `createDiskHandler` serves.
 */
export class DiskStorage extends StorageBase<DiskConfig> {
  static configSchema: JsonSchema = diskConfigSchema;

  readonly capabilities: StorageCapabilities = { signedUrls: true, uploadUrls: true, metadata: true, ranges: true, visibility: true };
  /** The absolute path of the directory the objects live in (JitAi's `rootDir`). */
  readonly rootDir: string;
  private readonly paths: DiskPaths;
  private readonly objects: DiskObjects;
  private readonly visibility: DiskVisibility;
  private servedOrigin: string | undefined;
  private keys: SigningKeys | undefined;
  private readonly exits = new Set<() => Promise<void>>();

  constructor(context: ElementContext<DiskConfig>) {
    super(context);
    this.rootDir = path.resolve(this.app.root, this.config.directory);
    refuseRootHoldingKeys(this.rootDir, this.app.root, context);
    this.paths = new DiskPaths(this.rootDir);
    this.objects = new DiskObjects(this.paths, this.config.syncFolder === true);
    this.visibility = new DiskVisibility(this.paths, this.objects.lock);
  }

  /** The origin (and path) URLs start with: config `baseUrl`, else where `serveDisk` serves, else localhost:3000. */
  get baseUrl(): string {
    return (this.config.baseUrl ?? this.servedOrigin ?? DEFAULT_BASE_URL).replace(/\/+$/, "");
  }

  /** The path the handler serves this storage's objects under, e.g. `/storages/Default`. */
  get urlPath(): string {
    return this.config.urlPath ?? `/${this.fullName.split(".").join("/")}`;
  }

  /** Makes URLs point at `origin` when the config sets no `baseUrl` (serveDisk calls it). */
  useOrigin(origin: string): void {
    this.servedOrigin = origin;
  }

  /** Runs `close` on `app.close()`: serveDisk registers its server here. */
  closeOnExit(close: () => Promise<void>): void {
    this.exits.add(close);
  }

  /** `app.close()`: stops the servers serveDisk started for this storage (one already stopped is fine). */
  override async onAppExit(): Promise<void> {
    const exits = [...this.exits];
    this.exits.clear();
    await Promise.all(exits.map((close) => close().catch(() => undefined)));
  }

  /** `elemental new`: creates the storage's directory. */
  static async onCreate(fullName: string, app: App): Promise<void> {
    await mkdir(app.getElement<DiskStorage>(fullName).rootDir, { recursive: true });
  }

  /** Opens an object for serving: its info and its bytes from one open file (used by the handler). */
  openForReading(name: string): Promise<OpenedObject> {
    return this.run("openForReading", name, {}, () => this.objects.open(name));
  }

  /**
   * Opens a public object for serving without a signature (used by the handler). A private or missing
   * object is E_ACCESS_DENIED alike, so that the unsigned route does not tell which private keys exist.
   */
  openPublic(name: string): Promise<OpenedObject> {
    return this.run("openPublic", name, {}, async () => {
      const object = await this.objects.open(name).catch((error: unknown) => {
        throw isStorageError(error, "E_NOT_FOUND") || isErrno(error, "ENOENT", "ENOTDIR", "EISDIR") ? notPublic() : error;
      });
      if (object.visibility === "public") return object;
      await object.close();
      throw notPublic();
    });
  }

  /**
   * True when `signature` is this storage's signature of `grant` with the key `kid` names (default: the
   * current key), that key is still accepted, and the grant has not expired.
   */
  async verifyGrant(grant: Grant, signature: string, kid?: string): Promise<boolean> {
    const secret = await this.signingKeys().forVerifying(kid);
    return secret !== undefined && verify(secret, this.fullName, grant, signature);
  }

  protected writeObject(key: string, body: UploadBody, request: WriteRequest): Promise<{ etag: string; size: number }> {
    return this.objects.store(key, body, detailsOf(request), request.signal);
  }

  protected readObject(key: string, options: DownloadOptions): Promise<ReadResult> {
    return this.objects.read(key, options.range);
  }

  protected statObject(key: string): Promise<ObjectInfo> {
    return this.objects.stat(key);
  }

  protected removeObject(key: string): Promise<void> {
    return this.objects.remove(key);
  }

  protected override listFolderObjects(prefix: string, request: FolderRequest): Promise<FolderSlice> {
    return listFolder(this.paths, prefix, request);
  }

  protected override readVisibility(key: string): Promise<Visibility> {
    return this.objects.visibility(key);
  }

  protected override writeVisibility(key: string, visibility: Visibility): Promise<void> {
    return this.visibility.set(key, visibility);
  }

  protected async *listObjects(prefix: string, options: ListOptions): AsyncIterable<ListEntry> {
    yield* listKeys(this.paths, prefix, options.signal);
  }

  protected copyObject(from: string, to: string, options: OperationOptions): Promise<void> {
    return this.objects.copy(from, to, options.signal);
  }

  protected override moveObject(from: string, to: string, options: OperationOptions): Promise<void> {
    return this.objects.move(from, to, options.signal);
  }

  protected objectUrl(key: string): string {
    return objectAddress(this.baseUrl, this.urlPath, key);
  }

  protected override async signGetUrl(key: string, contentType: string | undefined, expires: number, asked?: ResolvedDisposition): Promise<string> {
    const grant: Grant = { method: "GET", key, expires: expiryOf(expires), contentType, disposition: asked?.disposition, filename: asked?.filename };
    const { id, secret } = await this.signingKeys().forSigning();
    return objectAddress(this.baseUrl, this.urlPath, key, { ...grant, kid: id, sig: sign(secret, this.fullName, grant) });
  }

  /** The URL carries `maxBytes`: the option, else the config's `maxUploadBytes`; the handler stops reading past it. */
  protected override async signUploadUrl(key: string, contentType: string, expires: number, options: UploadUrlOptions = {}): Promise<UploadUrl> {
    const maxBytes = options.maxBytes ?? this.config.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
    const grant: Grant = { method: "PUT", key, expires: expiryOf(expires), contentType, maxBytes };
    const { id, secret } = await this.signingKeys().forSigning();
    return {
      url: objectAddress(this.baseUrl, this.urlPath, key, { expires: grant.expires, kid: id, maxBytes, sig: sign(secret, this.fullName, grant) }),
      method: "PUT",
      headers: { "Content-Type": contentType },
      expiresAt: new Date(grant.expires * 1000),
    };
  }

  protected override storageErrorOf(error: unknown): StorageFailure | undefined {
    return diskStorageErrorOf(error);
  }

  protected override secretValues(): string[] {
    return [...super.secretValues(), ...(this.keys?.secretValues() ?? [])];
  }

  private signingKeys(): SigningKeys {
    const configured = this.config.signingSecret;
    const file = signingKeyFile(this.app.root);
    this.keys ??= new SigningKeys(configured ? { secret: Buffer.from(configured, "utf8") } : { file, checkFile: () => refuseKeysInside(this.rootDir, file) });
    return this.keys;
  }
}

/** What an upload records beside its bytes (only `public` is recorded of a visibility). */
function detailsOf(request: WriteRequest): Details {
  const { contentType, metadata, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires, visibility } = request;
  const headers = { cacheControl, contentDisposition, contentEncoding, contentLanguage, expires: expires?.toISOString() };
  return { contentType, metadata: { ...metadata }, ...headers, visibility: visibility === "public" ? "public" : undefined };
}

function notPublic(): StorageError {
  return new StorageError("E_ACCESS_DENIED", "the object is not public");
}

function expiryOf(seconds: number): number {
  return Math.floor(Date.now() / 1000) + seconds;
}

/** A storage whose folder holds the application's signing keys would serve them as objects: refused. */
function refuseRootHoldingKeys(rootDir: string, appRoot: string, context: ElementContext<DiskConfig>): void {
  if (!holdsKeys(rootDir, path.dirname(signingKeyFile(appRoot)))) return; // compared on real paths: `directory` may be a link
  const problem = `must not contain appData/.elemental, where signing keys are kept; use a sub-folder such as appData/storages/${context.define.name}`;
  configProblems(context).add("/directory", problem).throwIfAny();
}
