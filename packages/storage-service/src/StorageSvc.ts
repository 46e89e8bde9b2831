import path from "node:path";
import type { ElementContext } from "@elemental/core";
import { NormalService, ServiceError } from "@elemental/services";
import { DEFAULT_CONTENT_TYPE, type UploadData, contentTypeFor, getDefaultStorage, keyProblem } from "@elemental/storages";
import type { AttachmentItem } from "./attachment";
import { DEFAULT_BASE_URL, type Limits, type StorageSvcConfig, limitsOf, svcConfigSchema } from "./config";
import { type PreviewBody, type PreviewBytes, liveObject, openPreview, openThumbnail } from "./previews";
import { type PreviewTarget, checkSignature, parsePreviewQuery, previewQuery } from "./previewUrls";
import { idOf, isReserved } from "./recordKeys";
import { FileRecords } from "./records";
import { PreviewKeys } from "./signing";
import { storeUpload } from "./upload";
import { removeFile, sweep } from "./sweeper";

import type { AnyStorage } from "./anyStorage";

/** Options beyond JitAi's positional arguments. */
export interface SvcUploadOptions {
  /** Serve this file's preview without a signature (a stable link). Default false. */
  public?: boolean;
  /** Refuse a body larger than this many bytes (E_TOO_LARGE). */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface PreviewUrlOptions {
  storage?: string;
  /** Seconds the signed URL lives. Default: config `previewExpires` (3600). */
  expires?: number;
  /** An unsigned URL: served only for a file uploaded with `public: true`. */
  public?: boolean;
}

/**
 * `storages.services.StorageSvc`: uploads through the default (or a named) storage, names files by their
 * MD5, lets files expire, keeps file records in the storage itself, and serves previews and thumbnails.
 */
export class StorageSvc extends NormalService<StorageSvcConfig> {
  static configSchema = svcConfigSchema;
  readonly limits: Limits;
  /** Clock in ms, replaceable in tests. */
  now: () => number = Date.now;
  private baseUrl: string;
  private readonly keys: PreviewKeys;
  private readonly records = new Map<string, FileRecords>();
  /** Storages named by callers and found to be storage instances. */
  private readonly storages = new Map<string, AnyStorage>();
  private timer: NodeJS.Timeout | undefined;

  constructor(context: ElementContext<StorageSvcConfig>) {
    super(context);
    this.limits = limitsOf(this.config);
    this.baseUrl = this.config.baseUrl ?? DEFAULT_BASE_URL;
    this.keys = new PreviewKeys(this.config.signingSecret);
  }

  /** The URL path the server mounts this service at: `/storages/services/StorageSvc`. */
  get routePath(): string {
    return `/${this.fullName.replaceAll(".", "/")}`;
  }

  /** Points preview URLs at a server (unless the config sets `baseUrl`). */
  useBaseUrl(url: string): void {
    if (this.config.baseUrl === undefined) this.baseUrl = url.replace(/\/+$/, "");
  }

  /** The named storage instance (default: the application's default storage); E_INVALID_ARGUMENT for any other name. */
  storageOf(storage?: string): AnyStorage {
    if (storage === undefined) return getDefaultStorage<AnyStorage>(this.app);
    const known = this.storages.get(storage);
    if (known) return known;
    const isStorage =
      this.app.hasElement(storage) && this.app.getElementDefine(storage).kind === "instance" && this.app.getTypeChain(storage).includes("storages.Meta");
    if (!isStorage) throw new ServiceError("E_INVALID_ARGUMENT", "no such storage", { service: this.fullName });
    const found = this.app.getElement<AnyStorage>(storage);
    this.storages.set(storage, found);
    return found;
  }

  recordsOf(storage?: string): FileRecords {
    const target = this.storageOf(storage);
    const known = this.records.get(target.fullName);
    if (known) return known;
    const records = new FileRecords(target);
    this.records.set(target.fullName, records);
    return records;
  }

  /**
   * JitAi's `uploadByFile(file, data?, md5?, contentType?, storage?, expires?)`: `file` is the name (with
   * `data`) or a local path (without). With `md5`, or config `md5Naming`, the stored name is `<md5><ext>`
   * and bytes already stored are not stored again. `expires` seconds makes the file go away.
   */
  async uploadByFile(
    file: string,
    data?: UploadData,
    md5?: string,
    contentType?: string,
    storage?: string,
    expires?: number,
    options: SvcUploadOptions = {},
  ): Promise<AttachmentItem> {
    const source = data ?? (await import("node:fs")).createReadStream(file);
    const fileName = data === undefined ? path.basename(file) : path.posix.basename(file);
    if (data !== undefined) this.checkName(file);
    if (md5 !== undefined && !/^[0-9a-f]{32}$/.test(md5))
      throw new ServiceError("E_INVALID_ARGUMENT", "md5 must be 32 lowercase hex digits", { service: this.fullName });
    if (expires !== undefined && !(Number.isInteger(expires) && expires >= 1 && expires <= 100 * 365 * 86400))
      throw new ServiceError("E_INVALID_ARGUMENT", "expires must be whole seconds, at least 1", { service: this.fullName });
    const records = this.recordsOf(storage);
    const type = contentType && contentType !== DEFAULT_CONTENT_TYPE ? contentType : contentTypeFor(fileName);
    const record = await storeUpload({
      storage: records.storage,
      records,
      name: data === undefined ? fileName : file,
      fileName,
      data: source,
      md5,
      md5Naming: md5 !== undefined || this.config.md5Naming === true,
      contentType: type,
      expires,
      public: options.public === true,
      maxBytes: options.maxBytes,
      signal: options.signal,
      now: this.now(),
    });
    this.startSweeping();
    return { ...record, url: await this.previewUrl(record.name, { storage: records.storage.fullName, public: record.public }) };
  }

  /** The bytes of a file; E_NOT_FOUND once it has expired, even before the sweep. */
  async download(file: string, storage?: string): Promise<Buffer> {
    const target = this.storageOf(storage);
    await liveObject(target, file, this.now());
    return target.download(file);
  }

  /** The storage's pre-signed GET URL for a file. */
  getSignUrl(file: string, contentType: string, storage?: string): Promise<string> {
    this.checkName(file);
    return this.storageOf(storage).getSignUrl(file, contentType);
  }

  /** Deletes a file, its thumbnails and its record. */
  async delete(file: string, storage?: string): Promise<{ name: string; deleted: true }> {
    this.checkName(file);
    const records = this.recordsOf(storage);
    await removeFile(records.storage, file);
    const record = await records.byName(file);
    if (record) {
      await records.remove(record);
      if (record.expireTime !== null) await records.removeExpiry(record.expireTime, record.id);
    }
    return { name: file, deleted: true };
  }

  /** The file, for an inline response with its stored content type; `bytes` picks a range once the size is known (HTTP Range). */
  preview(file: string, storage?: string, bytes?: PreviewBytes): Promise<PreviewBody> {
    return openPreview(this.storageOf(storage), file, this.now(), bytes);
  }

  /** A thumbnail inside width x height, made on first request and cached as `<stem>_<w>_<h>.<ext>`. */
  previewThumbnail(name: string, width = 120, height = 120, storage?: string, bytes?: PreviewBytes): Promise<PreviewBody> {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
      throw new ServiceError("E_INVALID_ARGUMENT", "width and height must be positive integers");
    return openThumbnail(this.storageOf(storage), name, width, height, this.limits, this.now(), bytes);
  }

  /** A file's record by id or by md5 (one request each). */
  getRecord(id: string, storage?: string): Promise<AttachmentItem | undefined> {
    return this.recordsOf(storage).byId(id);
  }

  findByMd5(md5: string, storage?: string): Promise<AttachmentItem | undefined> {
    return this.recordsOf(storage).byMd5(md5);
  }

  /** The record id of a stored name. */
  idOf(name: string): string {
    return idOf(name);
  }

  previewUrl(file: string, options: PreviewUrlOptions = {}): Promise<string> {
    return this.url({ kind: "preview", storage: this.storageOf(options.storage).fullName, file }, options);
  }

  thumbnailUrl(name: string, width = 120, height = 120, options: PreviewUrlOptions = {}): Promise<string> {
    return this.url({ kind: "previewThumbnail", storage: this.storageOf(options.storage).fullName, file: name, width, height }, options);
  }

  /**
   * The target of a preview route's query, once its signature (or, unsigned, the file's `public` record)
   * allows it. Throws E_INVALID_ARGUMENT, E_ACCESS_DENIED or E_NOT_FOUND.
   */
  async authorize(kind: PreviewTarget["kind"], search: string): Promise<PreviewTarget> {
    const { target, expires, sig } = parsePreviewQuery(kind, search);
    const storage = this.storageOf(target.storage);
    const resolved = { ...target, storage: storage.fullName };
    if (expires !== undefined && sig !== undefined) checkSignature(await this.keys.keyFor(storage), resolved, expires, sig, this.now());
    else if ((await this.recordsOf(resolved.storage).byName(target.file))?.public !== true)
      throw new ServiceError("E_ACCESS_DENIED", "this file's preview needs a signed URL");
    return resolved;
  }

  /** Removes what has expired from a storage (default: the default storage). Returns the count. */
  sweep(storage?: string): Promise<number> {
    return sweep(this.recordsOf(storage), this.now());
  }

  override async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async url(target: PreviewTarget, options: PreviewUrlOptions): Promise<string> {
    const address = `${this.baseUrl}${this.routePath}/${target.kind}`;
    if (options.public) return `${address}?${previewQuery(target)}`;
    const key = await this.keys.keyFor(this.storageOf(target.storage));
    const expires = Math.floor(this.now() / 1000) + (options.expires ?? this.limits.previewExpires);
    return `${address}?${previewQuery(target, { key, expires })}`;
  }

  private checkName(name: string): void {
    const problem = keyProblem(name);
    if (problem !== undefined || isReserved(name))
      throw new ServiceError("E_INVALID_ARGUMENT", problem ?? "names under .elemental/ are reserved", { service: this.fullName });
  }

  /**
   * Sweeps every `sweepIntervalSeconds` (unless 0): the default storage and every storage this process has
   * used. Started by the first upload, and by a server that mounts the service.
   */
  startSweeping(): void {
    const seconds = this.config.sweepIntervalSeconds ?? 60;
    if (this.timer || seconds === 0) return;
    this.timer = setInterval(() => {
      try {
        this.recordsOf();
      } catch {
        // no default storage: only the storages used are swept
      }
      for (const records of this.records.values()) sweep(records, this.now()).catch(() => {});
    }, seconds * 1000);
    this.timer.unref();
  }
}
