import { addAbortSignal, type Readable } from "node:stream";
import { collectBody, guardedBody, toUploadBody, type UploadBody } from "./body";
import { sendFile } from "./fileBody";
import { intoFile, streamIntoFile } from "./fileDownload";
import { StorageError } from "./errors";
import { deleteEach } from "./deleteEach";
import { assertValidKey, prefixProblem } from "./keys";
import {
  SIGN_EXPIRES,
  checkCapabilities,
  checkExpires,
  checkRange,
  checkSignal,
  checkUploadOptions,
  checkVisibility,
  needVisibility,
  typeFromExtension,
} from "./arguments";
import { folderPrefixOf, folderRequestOf, pageOf } from "./folderListing";
import { contentTypeFor } from "./mime";
import { sendableStream } from "./sendable";
import { StorageOperations } from "./StorageOperations";
import { type StorageCheckReport, runChecks } from "./check";
import { checkSignUrlOptions } from "./contentDisposition";
import { probeChecks } from "./probeChecks";
import { checkUploadUrlOptions } from "./uploadUrlOptions";
import type {
  DeleteManyResult,
  DeleteResult,
  DownloadOptions,
  DownloadToFileOptions,
  DownloadToFileResult,
  FolderListOptions,
  FolderPage,
  ListEntry,
  ListOptions,
  ObjectInfo,
  OperationOptions,
  SignUrlOptions,
  UploadData,
  UploadOptions,
  UploadResult,
  UploadUrl,
  UploadUrlOptions,
  Visibility,
} from "./types";

export type { ReadResult, WriteRequest } from "./StorageBackend";

/**
 * The base class of every storage Type: the public contract of `storages.Meta`. It validates keys and
 * arguments, normalises data, reports progress, checks lengths and turns every failure into a
 * StorageError (see StorageOperations); a Type implements only StorageBackend's protected methods.
 */
export abstract class StorageBase<Config extends object = Record<string, unknown>, Upload extends UploadOptions = UploadOptions> extends StorageOperations<
  Config,
  Upload
> {
  static readonly SIGN_EXPIRES = SIGN_EXPIRES;

  // ---- the seed's five methods ----

  uploadByFile(name: string, data: UploadData, contentType?: string, options: Upload = {} as Upload): Promise<UploadResult> {
    return this.run("uploadByFile", name, options, async () => this.write(name, toUploadBody(data, options.size), contentType, options));
  }

  getSignUrl(file: string, contentType?: string, expires: number = SIGN_EXPIRES, options?: SignUrlOptions): Promise<string> {
    return this.run("getSignUrl", file, {}, async () => this.signGetUrl(file, contentType || undefined, checkExpires(expires), checkSignUrlOptions(options)));
  }

  download(name: string, options: DownloadOptions = {}): Promise<Buffer> {
    return this.run("download", name, options, async () => {
      const { body, contentLength, toError } = await this.readBody("download", name, options);
      return collectBody(body, contentLength, toError);
    });
  }

  getObject(name: string, options: OperationOptions = {}): Promise<ObjectInfo> {
    return this.run("getObject", name, options, () => this.statObject(name, options));
  }

  delete(name: string, options: OperationOptions = {}): Promise<DeleteResult> {
    return this.run("delete", name, options, async () => {
      await this.removeObject(name, options);
      return { name, deleted: true as const };
    });
  }

  // ---- extras ----

  exists(name: string, options: OperationOptions = {}): Promise<boolean> {
    return this.run("exists", name, options, async () => {
      try {
        await this.statObject(name, options);
        return true;
      } catch (error) {
        if (this.codeOf(error) === "E_NOT_FOUND") return false;
        throw error;
      }
    });
  }

  /** Every object whose key starts with `prefix`, across pages, in the backend's order. */
  async *list(prefix = "", options: ListOptions = {}): AsyncGenerator<ListEntry> {
    const problem = prefixProblem(prefix);
    if (problem) throw this.wrap(new StorageError("E_INVALID_KEY", problem), "list", prefix);
    try {
      checkSignal(options.signal);
      options.signal?.throwIfAborted();
      await this.loaded();
      for await (const entry of this.listObjects(prefix, options)) yield entry;
    } catch (error) {
      throw this.wrap(error, "list", prefix, options.signal);
    }
  }

  /**
   * One level of a folder, a page at a time: the files directly in it and its sub-folders, in the byte
   * order of their names. Pass `nextCursor` back as `cursor` for the next page (in any process).
   */
  listFolder(prefix = "", options: FolderListOptions = {}): Promise<FolderPage> {
    return this.runOn(
      "listFolder",
      prefix,
      options,
      async () => {
        const folder = folderPrefixOf(prefix);
        const request = folderRequestOf(folder, options);
        return pageOf(folder, request, await this.listFolderObjects(folder, request));
      },
      folderPrefixOf,
    );
  }

  /** Copies an object with its attributes (and its visibility, where the Type has it). */
  copy(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    return this.transfer("copy", from, to, options, () => this.copyObject(from, to, options));
  }

  move(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    return this.transfer("move", from, to, options, () => this.moveObject(from, to, options));
  }

  /** Deletes many keys; one failure does not stop the others. */
  deleteMany(names: readonly string[], options: OperationOptions = {}): Promise<DeleteManyResult> {
    return deleteEach(names, options, {
      remove: async (valid) => {
        await this.loaded();
        return this.removeObjects(valid, options);
      },
      wrap: (error, name) => this.wrap(error, "deleteMany", name, options.signal),
    });
  }

  /** Uploads a stream of any size with constant memory. */
  uploadStream(name: string, stream: Readable | ReadableStream<Uint8Array>, contentType?: string, options: Upload = {} as Upload): Promise<UploadResult> {
    return this.run("uploadStream", name, options, async () => this.write(name, toUploadBody(stream, options.size), contentType, options));
  }

  /**
   * Uploads a file of any size, sized from its opened descriptor (so a symlinked file uploads whole). A try
   * that fails for a passing reason (E_UNAVAILABLE, E_TIMEOUT) is sent once more from the start of the file.
   */
  uploadByPath(name: string, filePath: string, contentType?: string, options: Upload = {} as Upload): Promise<UploadResult> {
    return this.run("uploadByPath", name, options, async () => {
      const type = contentType || typeFromExtension(name, filePath);
      const passing = (error: unknown): boolean => ["E_UNAVAILABLE", "E_TIMEOUT"].includes(this.codeOf(error));
      return sendFile(filePath, options, passing, (body, tries) => this.write(name, body, type, tries));
    });
  }

  /** The object's bytes as a stream, whole or a byte range; a short body fails rather than ends early. */
  downloadStream(name: string, options: DownloadOptions = {}): Promise<Readable> {
    return this.run("downloadStream", name, options, () => this.openDownload("downloadStream", name, options));
  }

  /**
   * Saves the whole object to a local file: written beside it under a temporary name, then renamed into
   * place, so the file is the whole object or untouched. S3 Types fetch ranges in parallel, pinned by ETag.
   */
  downloadToFile(name: string, filePath: string, options: DownloadToFileOptions = {}): Promise<DownloadToFileResult> {
    return this.run("downloadToFile", name, options, () => intoFile(filePath, (tempPath) => this.readObjectToFile(name, tempPath, options)));
  }

  /** A pre-signed upload: the client sends `method` to `url` with exactly `headers`. */
  getUploadUrl(name: string, contentType?: string, expires: number = SIGN_EXPIRES, options?: UploadUrlOptions): Promise<UploadUrl> {
    return this.run("getUploadUrl", name, {}, async () =>
      this.signUploadUrl(name, contentType || contentTypeFor(name), checkExpires(expires), checkUploadUrlOptions(options)),
    );
  }

  getVisibility(name: string, options: OperationOptions = {}): Promise<Visibility> {
    return this.run("getVisibility", name, options, async () => {
      needVisibility(this.capabilities);
      return this.readVisibility(name, options);
    });
  }

  setVisibility(name: string, visibility: Visibility, options: OperationOptions = {}): Promise<void> {
    return this.run("setVisibility", name, options, async () => {
      checkVisibility(visibility);
      needVisibility(this.capabilities);
      await this.writeVisibility(name, visibility, options);
    });
  }

  /** The URL a public object is read at without a signature. No request is made: it works while the object is public. */
  getPublicUrl(name: string): Promise<string> {
    return this.run("getPublicUrl", name, {}, async () => {
      needVisibility(this.capabilities);
      return this.publicObjectUrl(name);
    });
  }

  /**
   * Checks that the storage works, each step timed: `connectionChecks`, a write-read-delete probe under
   * `.elemental-check/`, `usageChecks`. A failure is reported (its StorageError and the fix), not thrown.
   */
  async check(options: OperationOptions = {}): Promise<StorageCheckReport> {
    await this.loaded();
    const steps = [...this.connectionChecks(), ...probeChecks(this), ...this.usageChecks()];
    const results = await runChecks(steps, (error, step) => this.wrap(error, "check", step, options.signal), options.signal);
    return { element: this.fullName, storageType: this.storageType, ok: results.every((step) => step.status !== "failed"), steps: results };
  }

  // ---- the shared machinery ----

  /** Writes the object into `tempPath` (a new file); by default from the download stream, in order. */
  protected async readObjectToFile(name: string, tempPath: string, options: DownloadToFileOptions): Promise<DownloadToFileResult> {
    const size = await streamIntoFile(await this.openDownload("downloadToFile", name, options), tempPath, options.onProgress);
    return { name, size, etag: undefined };
  }

  /**
   * Copy and move onto the same key change nothing (S3 refuses such a copy, and copy-then-remove would
   * delete the object), but a missing object still fails.
   */
  private transfer(operation: string, from: string, to: string, options: OperationOptions, action: () => Promise<void>): Promise<void> {
    return this.run(operation, from, options, async () => {
      assertValidKey(to);
      if (from === to) await this.statObject(from, options);
      else await action();
    });
  }

  private async write(name: string, body: UploadBody, contentType: string | undefined, options: Upload): Promise<UploadResult> {
    checkUploadOptions(contentType, options);
    const type = contentType || contentTypeFor(name);
    checkCapabilities(this.capabilities, options);
    // Aborting destroys the source, so a Type that is still reading it fails promptly and stops reading. An
    // abort that came while the body was being opened must fail here: addAbortSignal would destroy the stream
    // at once, and its error would go unheard before the Type listens (an uncaught exception).
    options.signal?.throwIfAborted();
    if (options.signal && body.kind === "stream") addAbortSignal(options.signal, body.stream);
    const sent = body.kind === "stream" ? sendableStream(body, options.onProgress) : body;
    let written: { etag: string | undefined; size: number };
    try {
      written = await this.writeObject(name, sent, { ...options, contentType: type });
    } catch (error) {
      if (body.kind === "stream" && !body.stream.destroyed) body.stream.destroy();
      throw error;
    }
    const { etag, size } = written;
    if (body.size !== undefined && size !== body.size) {
      throw new StorageError("E_CHECKSUM_MISMATCH", `stored ${size} bytes where ${body.size} were sent`);
    }
    if (options.onProgress && body.kind === "bytes") options.onProgress({ loaded: size, total: size });
    return { url: this.objectUrl(name), name, size, etag, contentType: type };
  }

  private async openDownload(operation: string, name: string, options: DownloadOptions): Promise<Readable> {
    const { body, contentLength, toError } = await this.readBody(operation, name, options);
    return guardedBody(body, contentLength, toError);
  }

  /** The backend's body, its length if it must be checked, and the error a failure while it is read becomes. */
  private async readBody(operation: string, name: string, options: DownloadOptions) {
    if (options.range) {
      checkRange(options.range);
      if (!this.capabilities.ranges) throw new StorageError("E_UNSUPPORTED", "this storage Type cannot read byte ranges");
    }
    const { body, contentLength } = await this.readObject(name, options);
    // Errors while the caller reads arrive after `run` returned: wrap them here, with the same context.
    return { body, contentLength, toError: (error: unknown) => this.wrap(error, operation, name, options.signal) };
  }
}
