/**
 * An optional capability: a large upload sent by a browser straight to the storage in parts, each part a
 * pre-signed PUT, so that the server never carries the bytes. A Type that has it implements
 * `browserMultipart()`; one that lacks it takes one signed PUT (`getUploadUrl`) whatever the size.
 */
export interface BrowserMultipart {
  /** Files of at least this many bytes go in parts (the Type sets it). */
  readonly threshold: number;
  /** The size of every part but the last, for a file of `size` bytes. */
  partSize(size: number): number;
  create(name: string, contentType: string): Promise<{ uploadId: string }>;
  /** A pre-signed PUT for one part (1-based); its response's ETag header is the part's etag. */
  signPart(name: string, uploadId: string, partNumber: number, expires: number): Promise<{ url: string; headers: Record<string, string> }>;
  complete(name: string, uploadId: string, parts: ReadonlyArray<{ partNumber: number; etag: string }>): Promise<void>;
  /** Removes the parts sent so far; aborting an upload that is gone already is not an error. */
  abort(name: string, uploadId: string): Promise<void>;
}

/** The storage's browser multipart uploads, when its Type offers them. */
export function browserMultipartOf(storage: object): BrowserMultipart | undefined {
  const offer = (storage as { browserMultipart?: () => BrowserMultipart }).browserMultipart;
  return typeof offer === "function" ? offer.call(storage) : undefined;
}
