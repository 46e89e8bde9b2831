import type { Readable } from "node:stream";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

/** What `uploadByFile` and `uploadStream` accept. */
export type UploadData = Buffer | Uint8Array | ArrayBuffer | string | Readable | WebReadableStream<Uint8Array> | ReadableStream<Uint8Array>;

export interface TransferProgress {
  /** Bytes read from the source so far. */
  loaded: number;
  /** Total bytes, when known. */
  total: number | undefined;
}

export interface OperationOptions {
  signal?: AbortSignal;
}

/** Who may read an object without a signature: `public` = anyone, at its public URL. */
export type Visibility = "public" | "private";

export interface UploadOptions extends OperationOptions {
  metadata?: Record<string, string>;
  cacheControl?: string;
  contentDisposition?: string;
  /** The HTTP Content-Encoding the object is served with, e.g. `gzip` (the bytes are stored as given). */
  contentEncoding?: string;
  contentLanguage?: string;
  /** The HTTP Expires date the object is served with. */
  expires?: Date;
  /** Default: the backend's default (private, unless an S3 Type's config sets `acl`). Needs the `visibility` capability. */
  visibility?: Visibility;
  storageClass?: string;
  /** The body's size in bytes, when the data is a stream whose size the caller knows. */
  size?: number;
  onProgress?: (progress: TransferProgress) => void;
}

export interface UploadResult {
  /** Where the object can be reached (see the Type's README for whether it needs a signature). */
  url: string;
  name: string;
  size: number;
  etag: string | undefined;
  contentType: string;
}

export interface ObjectInfo {
  name: string;
  size: number;
  contentType: string;
  etag: string | undefined;
  lastModified: Date;
  metadata: Record<string, string>;
  cacheControl?: string | undefined;
  contentDisposition?: string | undefined;
  contentEncoding?: string | undefined;
  contentLanguage?: string | undefined;
  expires?: Date | undefined;
}

export interface DeleteResult {
  name: string;
  /** Always true once the call returns: the object is gone (whether or not it existed). */
  deleted: true;
}

export interface DeleteManyResult {
  deleted: string[];
  errors: Array<{ name: string; error: Error }>;
}

export interface ListEntry {
  name: string;
  size: number;
  etag: string | undefined;
  lastModified: Date;
}

export interface ListOptions extends OperationOptions {
  /** How many keys to ask the backend for per page (Types clamp it to what they support). */
  pageSize?: number;
}

export interface FolderListOptions extends OperationOptions {
  /** Entries (files and folders together) per page, 1 to 1,000. Default 1,000. */
  pageSize?: number;
  /** The `nextCursor` of the previous page; omit for the first page. */
  cursor?: string;
}

/** One page of one folder level, files and folders in the byte order of their UTF-8 names (as S3 lists). */
export interface FolderPage {
  files: ListEntry[];
  /** The sub-folders' prefixes, each ending with `/`, e.g. `photos/2024/`. */
  folders: string[];
  /** Present when there may be more entries: pass it as `cursor` for the next page. */
  nextCursor?: string;
}

/** An inclusive byte range, as in HTTP: `{ start: 0, end: 99 }` is the first 100 bytes; no `end` = to the end. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface DownloadOptions extends OperationOptions {
  range?: ByteRange;
}

/** Options of `downloadToFile`: `onProgress` reports the bytes written so far (in any order of ranges). */
export interface DownloadToFileOptions extends OperationOptions {
  onProgress?: (progress: TransferProgress) => void;
}

/** What `downloadToFile` wrote: the bytes, and the ETag of the version they are (when the Type pins one). */
export interface DownloadToFileResult {
  name: string;
  size: number;
  etag: string | undefined;
}

/** How a signed GET URL's response presents the object: `getSignUrl(file, contentType, expires, options)`. */
export interface SignUrlOptions {
  /** `attachment` makes a browser save the object (a "download as" link); `inline` shows it. Default: the stored one. */
  disposition?: "inline" | "attachment";
  /** The name a browser saves under (any Unicode; sent per RFC 6266). Given alone, it implies `attachment`. */
  filename?: string;
}

/** Limits signed into a pre-signed upload: `getUploadUrl(name, contentType, expires, options)`. */
export interface UploadUrlOptions {
  /** The largest body the upload may send, in bytes; Types that cannot enforce it report E_UNSUPPORTED. */
  maxBytes?: number;
}

/** A pre-signed upload: send `method` to `url` with exactly `headers`. */
export interface UploadUrl {
  url: string;
  method: "PUT";
  headers: Record<string, string>;
  expiresAt: Date;
}

/**
 * What a Type can do. An absent capability is reported, never silently ignored: the operation fails
 * with E_UNSUPPORTED (StorageBase does this for `ranges` and `metadata`, and for signed URLs unless the
 * Type implements them), and the conformance suite checks exactly that.
 */
export interface StorageCapabilities {
  /** `getSignUrl` returns a URL that plain HTTP GET can fetch. */
  signedUrls: boolean;
  /** `getUploadUrl` returns a URL that plain HTTP PUT can upload to. */
  uploadUrls: boolean;
  /** `metadata`, `cacheControl`, `contentDisposition`, `contentEncoding`, `contentLanguage` and `expires` are stored and returned by `getObject`. */
  metadata: boolean;
  /** `downloadStream` accepts `range`. */
  ranges: boolean;
  /**
   * `visibility` on uploads, `getVisibility`, `setVisibility` and `getPublicUrl` work: a public object can
   * be fetched at its public URL without a signature. Absent means false (Types written before it).
   */
  visibility?: boolean;
}
