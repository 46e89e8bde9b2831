import { addAbortSignal, type Readable } from "node:stream";
import { collect, guardedBody, toUploadBody, type UploadBody } from "./body";
import { FILE_UPLOAD_ATTEMPTS, monotonicProgress, withFileBody } from "./fileBody";
import { StorageError, type StorageErrorCode } from "./errors";
import { failureOf, storageErrorFor } from "./failure";
import { assertValidKey, keyProblem, prefixProblem } from "./keys";
import { SIGN_EXPIRES, checkExpires, checkRange, checkSignal, checkUploadOptions, hasMetadata, typeFromExtension } from "./arguments";
import { contentTypeFor } from "./mime";
import { sendableStream } from "./sendable";
import { StorageBackend } from "./StorageBackend";
import type {
  DeleteManyResult, DeleteResult, DownloadOptions, ListEntry, ListOptions, ObjectInfo, OperationOptions,
  UploadData, UploadOptions, UploadResult, UploadUrl,
} from "./types";

export type { ReadResult, WriteRequest } from "./StorageBackend";

/**
 * The base class of every storage Type: the public contract of `storages.Meta`. It validates keys and
 * arguments, normalises data, reports progress, checks lengths and turns every failure into a
 * StorageError; a Type implements only StorageBackend's protected methods.
 */
export abstract class StorageBase<Config extends object = Record<string, unknown>, Upload extends UploadOptions = UploadOptions> extends StorageBackend<Config, Upload> {
  static readonly SIGN_EXPIRES = SIGN_EXPIRES;

  /** The fullName of the Type this element is an instance of, e.g. `storages.AwsS3Type`. */
  get storageType(): string {
    return this.define.type;
  }

  // ---- the seed's five methods ----

  uploadByFile(name: string, data: UploadData, contentType?: string, options: Upload = {} as Upload): Promise<UploadResult> {
    return this.run("uploadByFile", name, options, async () => this.write(name, toUploadBody(data, options.size), contentType, options));
  }

  getSignUrl(file: string, contentType?: string, expires: number = SIGN_EXPIRES): Promise<string> {
    return this.run("getSignUrl", file, {}, async () => this.signGetUrl(file, contentType || undefined, checkExpires(expires)));
  }

  download(name: string, options: DownloadOptions = {}): Promise<Buffer> {
    return this.run("download", name, options, async () => collect(await this.openDownload("download", name, options)));
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
      for await (const entry of this.listObjects(prefix, options)) yield entry;
    } catch (error) {
      throw this.wrap(error, "list", prefix, options.signal);
    }
  }

  copy(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    return this.run("copy", from, options, async () => {
      assertValidKey(to);
      await this.copyObject(from, to, options);
    });
  }

  move(from: string, to: string, options: OperationOptions = {}): Promise<void> {
    return this.run("move", from, options, async () => {
      assertValidKey(to);
      // Moving onto itself is a no-op (copy-then-remove would delete the object); a missing one still fails.
      if (from === to) await this.statObject(from, options);
      else await this.moveObject(from, to, options);
    });
  }

  /** Deletes many keys; one failure does not stop the others. */
  async deleteMany(names: readonly string[], options: OperationOptions = {}): Promise<DeleteManyResult> {
    if (!Array.isArray(names)) throw this.wrap(new StorageError("E_INVALID_ARGUMENT", "names must be an array of keys"), "deleteMany", undefined);
    const result: DeleteManyResult = { deleted: [], errors: [] };
    const valid: string[] = [];
    for (const name of names) {
      const problem = keyProblem(name);
      if (problem) result.errors.push({ name, error: this.wrap(new StorageError("E_INVALID_KEY", problem), "deleteMany", name) });
      else valid.push(name);
    }
    let failures: Array<{ name: string; error: unknown }>;
    try {
      checkSignal(options.signal);
      options.signal?.throwIfAborted();
      failures = await this.removeObjects(valid, options);
    } catch (error) {
      failures = valid.map((name) => ({ name, error }));
    }
    const failed = new Set(failures.map((failure) => failure.name));
    result.deleted.push(...valid.filter((name) => !failed.has(name)));
    result.errors.push(...failures.map(({ name, error }) => ({ name, error: this.wrap(error, "deleteMany", name, options.signal) })));
    return result;
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
      const tries = { ...options, onProgress: monotonicProgress(options.onProgress) };
      for (let attempt = 1; ; attempt++) {
        try {
          return await withFileBody(filePath, (body) => this.write(name, body, type, tries));
        } catch (error) {
          const passing = this.codeOf(error) === "E_UNAVAILABLE" || this.codeOf(error) === "E_TIMEOUT";
          if (!passing || attempt >= FILE_UPLOAD_ATTEMPTS || options.signal?.aborted) throw error;
        }
      }
    });
  }

  /** The object's bytes as a stream, whole or a byte range; a short body fails rather than ends early. */
  downloadStream(name: string, options: DownloadOptions = {}): Promise<Readable> {
    return this.run("downloadStream", name, options, () => this.openDownload("downloadStream", name, options));
  }

  /** A pre-signed upload: the client sends `method` to `url` with exactly `headers`. */
  getUploadUrl(name: string, contentType?: string, expires: number = SIGN_EXPIRES): Promise<UploadUrl> {
    return this.run("getUploadUrl", name, {}, async () =>
      this.signUploadUrl(name, contentType || contentTypeFor(name), checkExpires(expires)),
    );
  }

  // ---- the shared machinery ----

  private async write(name: string, body: UploadBody, contentType: string | undefined, options: Upload): Promise<UploadResult> {
    checkUploadOptions(contentType, options);
    const type = contentType || contentTypeFor(name);
    if (!this.capabilities.metadata && hasMetadata(options)) {
      throw new StorageError("E_UNSUPPORTED", "this storage Type cannot store metadata, cacheControl or contentDisposition");
    }
    // Aborting destroys the source, so a Type that is still reading it fails promptly and stops reading. An
    // abort that came while the body was being opened must fail here: addAbortSignal would destroy the stream
    // at once, and its error would go unheard before the Type listens (an uncaught exception).
    options.signal?.throwIfAborted();
    if (options.signal && body.kind === "stream") addAbortSignal(options.signal, body.stream);
    const sent = body.kind === "stream" ? sendableStream(body, options.onProgress) : body;
    let written;
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
    if (options.range) {
      checkRange(options.range);
      if (!this.capabilities.ranges) throw new StorageError("E_UNSUPPORTED", "this storage Type cannot read byte ranges");
    }
    const { body, contentLength } = await this.readObject(name, options);
    // Errors while the caller reads arrive after `run` returned: wrap them here, with the same context.
    return guardedBody(body, contentLength, (error) => this.wrap(error, operation, name, options.signal));
  }

  /** Runs one public operation: checks the key and the signal, and turns any failure into a StorageError. */
  protected async run<T>(operation: string, key: string, options: OperationOptions, action: () => Promise<T>): Promise<T> {
    try {
      assertValidKey(key);
      checkSignal(options.signal);
      options.signal?.throwIfAborted();
      return await action();
    } catch (error) {
      throw this.wrap(error, operation, key, options.signal);
    }
  }

  /** A StorageError naming this storage, the operation and the key, with secrets removed (see `storageErrorFor`). */
  private wrap(error: unknown, operation: string, key: unknown, signal?: AbortSignal): StorageError {
    const created = storageErrorFor(error, {
      storageType: this.storageType,
      element: this.fullName,
      operation,
      key,
      signal,
      secrets: this.secretValues(),
      translate: (backendError) => this.storageErrorOf(backendError),
    });
    // A StorageError made here starts its stack at the operation that failed, not in this error path.
    if (created !== error) Error.captureStackTrace(created, this.wrap);
    return created;
  }

  /** The code a failure will have, for decisions made before it is reported (a missing object, a retry). */
  private codeOf(error: unknown): StorageErrorCode {
    return failureOf(error, (backendError) => this.storageErrorOf(backendError)).code;
  }
}
