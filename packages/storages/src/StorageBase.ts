import { addAbortSignal, type Readable } from "node:stream";
import { Element } from "@elemental/core";
import { collect, guardedBody, progressCounter, toUploadBody, type UploadBody } from "./body";
import { exactLength } from "./exactLength";
import { FILE_UPLOAD_ATTEMPTS, monotonicProgress, withFileBody } from "./fileBody";
import { inPool } from "./pool";
import { classifyCommonError } from "./classify";
import { StorageError, type StorageErrorCode, isStorageError } from "./errors";
import { assertValidKey, keyProblem, prefixProblem, printable } from "./keys";
import { SIGN_EXPIRES, asAbort, checkExpires, checkRange, checkSignal, checkUploadOptions, hasMetadata, messageOf, typeFromExtension } from "./arguments";
import { contentTypeFor } from "./mime";
import { type ResolvedDisposition, checkSignUrlOptions } from "./contentDisposition";
import { checkUploadUrlOptions } from "./uploadUrlOptions";
import { redact, secretsOf } from "./redact";
import type {
  DeleteManyResult, DeleteResult, DownloadOptions, ListEntry, ListOptions, ObjectInfo, OperationOptions,
  SignUrlOptions, StorageCapabilities, UploadData, UploadOptions, UploadResult, UploadUrl, UploadUrlOptions,
} from "./types";

/** What a Type's `writeObject` receives besides the body: the caller's options and the content type. */
export type WriteRequest<Upload extends UploadOptions = UploadOptions> = Upload & { contentType: string };

/** What a Type's `readObject` returns: the body, and its length when the backend announced it. */
export interface ReadResult {
  body: Readable;
  contentLength: number | undefined;
}

/**
 * The base class of every storage Type: the public contract of `storages.Meta`. It validates keys and
 * arguments, normalises data, reports progress, checks lengths and turns every failure into a
 * StorageError; a Type implements only the protected `...Object` methods below.
 */
export abstract class StorageBase<Config extends object = Record<string, unknown>, Upload extends UploadOptions = UploadOptions> extends Element<Config> {
  static readonly SIGN_EXPIRES = SIGN_EXPIRES;
  abstract readonly capabilities: StorageCapabilities;

  /** The fullName of the Type this element is an instance of, e.g. `storages.AwsS3Type`. */
  get storageType(): string {
    return this.define.type;
  }

  // ---- the seed's five methods ----

  uploadByFile(name: string, data: UploadData, contentType?: string, options: Upload = {} as Upload): Promise<UploadResult> {
    return this.run("uploadByFile", name, options, async () => this.write(name, toUploadBody(data, options.size), contentType, options));
  }

  getSignUrl(file: string, contentType?: string, expires: number = SIGN_EXPIRES, options?: SignUrlOptions): Promise<string> {
    return this.run("getSignUrl", file, {}, async () => this.signGetUrl(file, contentType || undefined, checkExpires(expires), checkSignUrlOptions(options)));
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
      throw this.wrap(error, "list", prefix);
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
    result.errors.push(...failures.map(({ name, error }) => ({ name, error: this.wrap(error, "deleteMany", name) })));
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
  getUploadUrl(name: string, contentType?: string, expires: number = SIGN_EXPIRES, options?: UploadUrlOptions): Promise<UploadUrl> {
    return this.run("getUploadUrl", name, {}, async () =>
      this.signUploadUrl(name, contentType || contentTypeFor(name), checkExpires(expires), checkUploadUrlOptions(options)),
    );
  }

  // ---- what a Type implements ----

  /** A stream body with a known size is guaranteed to hold exactly that many bytes, or to fail before its last chunk. */
  protected abstract writeObject(key: string, body: UploadBody, request: WriteRequest<Upload>): Promise<{ etag: string | undefined; size: number }>;
  protected abstract readObject(key: string, options: DownloadOptions): Promise<ReadResult>;
  /** Throws an error that `classifyError` maps to E_NOT_FOUND when the object does not exist. */
  protected abstract statObject(key: string, options: OperationOptions): Promise<ObjectInfo>;
  /** Removing a missing object succeeds. */
  protected abstract removeObject(key: string, options: OperationOptions): Promise<void>;
  protected abstract listObjects(prefix: string, options: ListOptions): AsyncIterable<ListEntry>;
  protected abstract copyObject(from: string, to: string, options: OperationOptions): Promise<void>;
  /** The URL `uploadByFile` returns for a key. */
  protected abstract objectUrl(key: string): string;

  /** Removes valid keys and returns those that failed. By default removeObject for each, 8 at a time. */
  protected async removeObjects(keys: readonly string[], options: OperationOptions): Promise<Array<{ name: string; error: unknown }>> {
    const outcomes = await inPool(keys, 8, (name) => this.removeObject(name, options).then(() => undefined, (error: unknown) => ({ name, error })));
    return outcomes.filter((outcome) => outcome !== undefined);
  }

  protected async moveObject(from: string, to: string, options: OperationOptions): Promise<void> {
    await this.copyObject(from, to, options);
    await this.removeObject(from, options);
  }

  /** `disposition`: what the response must say (see `contentDisposition`), undefined when the caller asked for nothing. */
  protected async signGetUrl(_key: string, _contentType: string | undefined, _expires: number, _disposition?: ResolvedDisposition): Promise<string> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot sign URLs");
  }

  protected async signUploadUrl(_key: string, _contentType: string, _expires: number, _options: UploadUrlOptions = {}): Promise<UploadUrl> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot sign upload URLs");
  }

  /** Maps a backend's error to a code; undefined falls back to the common rules (network, abort, fs). */
  protected classifyError(_error: unknown): StorageErrorCode | undefined {
    return undefined;
  }

  /** Adds what only the Type knows (its endpoint, say) to a backend's error before it is classified and wrapped. */
  protected describeError(error: unknown): unknown {
    return error;
  }

  /** Values that must never appear in a message. By default: config fields named like secrets. */
  protected secretValues(): string[] {
    return secretsOf(this.config);
  }

  // ---- the shared machinery ----

  private async write(name: string, body: UploadBody, contentType: string | undefined, options: Upload): Promise<UploadResult> {
    checkUploadOptions(contentType, options);
    const type = contentType || contentTypeFor(name);
    if (!this.capabilities.metadata && hasMetadata(options)) {
      throw new StorageError("E_UNSUPPORTED", "this storage Type cannot store metadata, cacheControl or contentDisposition");
    }
    // Aborting destroys the source, so a Type that is still reading it fails promptly and stops reading.
    if (options.signal && body.kind === "stream") addAbortSignal(options.signal, body.stream);
    const sent = body.kind === "stream" ? this.sendable(body, options) : body;
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

  /** The stream a Type reads: held to its announced size, counted for progress; its failure fails the source's reader. */
  private sendable(body: UploadBody & { kind: "stream" }, options: Upload): UploadBody {
    let stream = exactLength(body.stream, body.size);
    if (options.onProgress) {
      const counter = progressCounter(body.size, options.onProgress);
      stream.once("error", (error) => counter.destroy(error));
      counter.once("close", () => {
        if (!counter.readableEnded) stream.destroy();
      });
      // The counter starts flowing at once, but a Type may subscribe later (after opening a file): without
      // a listener, an error before then (a throwing onProgress) would be an uncaught 'error' event. The
      // Type still sees it: reading an errored stream fails with its error.
      counter.on("error", () => undefined);
      stream = stream.pipe(counter);
    }
    return { kind: "stream", stream, size: body.size };
  }

  private async openDownload(operation: string, name: string, options: DownloadOptions): Promise<Readable> {
    if (options.range) {
      checkRange(options.range);
      if (!this.capabilities.ranges) throw new StorageError("E_UNSUPPORTED", "this storage Type cannot read byte ranges");
    }
    const { body, contentLength } = await this.readObject(name, options);
    // Errors while the caller reads arrive after `run` returned: wrap them here, with the same context.
    return guardedBody(body, contentLength, (error) => this.wrap(error, operation, name));
  }

  /** Runs one public operation: checks the key and the signal, and turns any failure into a StorageError. */
  protected async run<T>(operation: string, key: string, options: OperationOptions, action: () => Promise<T>): Promise<T> {
    try {
      assertValidKey(key);
      checkSignal(options.signal);
      options.signal?.throwIfAborted();
      return await action();
    } catch (error) {
      throw this.wrap(options.signal?.aborted ? asAbort(error, this.codeOf(error)) : error, operation, key);
    }
  }

  /** A StorageError naming this storage, the operation and the key, with secrets removed. */
  protected wrap(original: unknown, operation: string, key: unknown): StorageError {
    if (isStorageError(original) && original.element !== undefined) return original;
    const error = this.describeError(original);
    const code = this.codeOf(error);
    const detail = isStorageError(error) ? error.message.replace(/^E_[A-Z_]+: /, "") : messageOf(error);
    return new StorageError(code, redact(detail, this.secretValues()), {
      storageType: this.storageType,
      element: this.fullName,
      operation,
      // A StorageError that already names a key (copy's or move's `to`) keeps it.
      key: isStorageError(error) && error.key !== undefined ? error.key : typeof key === "string" ? printable(key) : undefined,
      cause: isStorageError(error) ? (error.cause ?? error) : error,
    });
  }

  protected codeOf(error: unknown): StorageErrorCode {
    if (isStorageError(error)) return error.code;
    return this.classifyError(error) ?? classifyCommonError(error) ?? "E_UNKNOWN";
  }
}
