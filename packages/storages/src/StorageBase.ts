import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { Element } from "@elemental/core";
import { collect, lengthGuard, progressCounter, toUploadBody, type UploadBody } from "./body";
import { classifyCommonError } from "./classify";
import { StorageError, type StorageErrorCode, isStorageError } from "./errors";
import { assertValidKey, prefixProblem, printable } from "./keys";
import { contentTypeFor } from "./mime";
import { redact, secretsOf } from "./redact";
import type {
  ByteRange, DeleteManyResult, DeleteResult, DownloadOptions, ListEntry, ListOptions, ObjectInfo, OperationOptions,
  StorageCapabilities, UploadData, UploadOptions, UploadResult, UploadUrl,
} from "./types";

/** What a Type's `writeObject` receives besides the body. */
export interface WriteRequest extends UploadOptions {
  contentType: string;
}

/** What a Type's `readObject` returns: the body, and its length when the backend announced it. */
export interface ReadResult {
  body: Readable;
  contentLength: number | undefined;
}

export const SIGN_EXPIRES = 300;
export const MAX_SIGN_EXPIRES = 604800;

/**
 * The base class of every storage Type: the public contract of `storages.Meta`. It validates keys and
 * arguments, normalises data, reports progress, checks lengths and turns every failure into a
 * StorageError; a Type implements only the protected `...Object` methods below.
 */
export abstract class StorageBase<Config extends object = Record<string, unknown>> extends Element<Config> {
  static readonly SIGN_EXPIRES = SIGN_EXPIRES;
  abstract readonly capabilities: StorageCapabilities;

  /** The fullName of the Type this element is an instance of, e.g. `storages.AwsS3Type`. */
  get storageType(): string {
    return this.define.type;
  }

  // ---- the seed's five methods ----

  uploadByFile(name: string, data: UploadData, contentType?: string, options: UploadOptions = {}): Promise<UploadResult> {
    return this.run("uploadByFile", name, options, async () => this.write(name, toUploadBody(data, options.size), contentType, options));
  }

  getSignUrl(file: string, contentType?: string, expires: number = SIGN_EXPIRES): Promise<string> {
    return this.run("getSignUrl", file, {}, async () => this.signGetUrl(file, contentType || undefined, checkExpires(expires)));
  }

  download(name: string, options: OperationOptions = {}): Promise<Buffer> {
    return this.run("download", name, options, async () => collect(await this.openDownload(name, options)));
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
      await this.moveObject(from, to, options);
    });
  }

  /** Deletes many keys; one failure does not stop the others. */
  async deleteMany(names: readonly string[], options: OperationOptions = {}): Promise<DeleteManyResult> {
    const result: DeleteManyResult = { deleted: [], errors: [] };
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) {
        try {
          await this.delete(name, options);
          result.deleted.push(name);
        } catch (error) {
          result.errors.push({ name, error: error as Error });
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, names.length) }, worker));
    return result;
  }

  /** Uploads a stream of any size with constant memory. */
  uploadStream(name: string, stream: Readable | ReadableStream<Uint8Array>, contentType?: string, options: UploadOptions = {}): Promise<UploadResult> {
    return this.run("uploadStream", name, options, async () => this.write(name, toUploadBody(stream, options.size), contentType, options));
  }

  /** Uploads a file of any size, sized from its opened descriptor (so a symlinked file uploads whole). */
  uploadByPath(name: string, filePath: string, contentType?: string, options: UploadOptions = {}): Promise<UploadResult> {
    return this.run("uploadByPath", name, options, async () => {
      const handle = await open(filePath, "r");
      try {
        const { size } = await handle.stat();
        const stream = handle.createReadStream({ autoClose: false });
        return await this.write(name, { kind: "stream", stream, size }, contentType ?? contentTypeFor(filePath), options);
      } finally {
        await handle.close();
      }
    });
  }

  /** The object's bytes as a stream, whole or a byte range; a short body fails rather than ends early. */
  downloadStream(name: string, options: DownloadOptions = {}): Promise<Readable> {
    return this.run("downloadStream", name, options, () => this.openDownload(name, options));
  }

  /** A pre-signed upload: the client sends `method` to `url` with exactly `headers`. */
  getUploadUrl(name: string, contentType?: string, expires: number = SIGN_EXPIRES): Promise<UploadUrl> {
    return this.run("getUploadUrl", name, {}, async () =>
      this.signUploadUrl(name, contentType || contentTypeFor(name), checkExpires(expires)),
    );
  }

  // ---- what a Type implements ----

  protected abstract writeObject(key: string, body: UploadBody, request: WriteRequest): Promise<{ etag: string | undefined; size: number }>;
  protected abstract readObject(key: string, options: DownloadOptions): Promise<ReadResult>;
  /** Throws an error that `classifyError` maps to E_NOT_FOUND when the object does not exist. */
  protected abstract statObject(key: string, options: OperationOptions): Promise<ObjectInfo>;
  /** Removing a missing object succeeds. */
  protected abstract removeObject(key: string, options: OperationOptions): Promise<void>;
  protected abstract listObjects(prefix: string, options: ListOptions): AsyncIterable<ListEntry>;
  protected abstract copyObject(from: string, to: string, options: OperationOptions): Promise<void>;
  /** The URL `uploadByFile` returns for a key. */
  protected abstract objectUrl(key: string): string;

  protected async moveObject(from: string, to: string, options: OperationOptions): Promise<void> {
    await this.copyObject(from, to, options);
    await this.removeObject(from, options);
  }

  protected async signGetUrl(_key: string, _contentType: string | undefined, _expires: number): Promise<string> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot sign URLs");
  }

  protected async signUploadUrl(_key: string, _contentType: string, _expires: number): Promise<UploadUrl> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot sign upload URLs");
  }

  /** Maps a backend's error to a code; undefined falls back to the common rules (network, abort, fs). */
  protected classifyError(_error: unknown): StorageErrorCode | undefined {
    return undefined;
  }

  /** Values that must never appear in a message. By default: config fields named like secrets. */
  protected secretValues(): string[] {
    return secretsOf(this.config);
  }

  // ---- the shared machinery ----

  private async write(name: string, body: UploadBody, contentType: string | undefined, options: UploadOptions): Promise<UploadResult> {
    const type = contentType || contentTypeFor(name);
    let sent = body;
    if (options.onProgress && body.kind === "stream") {
      const counter = progressCounter(body.size, options.onProgress);
      body.stream.on("error", (error) => counter.destroy(error));
      sent = { kind: "stream", stream: body.stream.pipe(counter), size: body.size };
    }
    const { etag, size } = await this.writeObject(name, sent, { ...options, contentType: type });
    if (body.size !== undefined && size !== body.size) {
      throw new StorageError("E_CHECKSUM_MISMATCH", `stored ${size} bytes where ${body.size} were sent`);
    }
    if (options.onProgress && body.kind === "bytes") options.onProgress({ loaded: size, total: size });
    return { url: this.objectUrl(name), name, size, etag, contentType: type };
  }

  private async openDownload(name: string, options: DownloadOptions): Promise<Readable> {
    if (options.range) checkRange(options.range);
    const { body, contentLength } = await this.readObject(name, options);
    if (contentLength === undefined) return body;
    const guard = lengthGuard(contentLength);
    pipeline(body, guard).catch(() => undefined); // errors surface on `guard`, which the caller reads
    return guard;
  }

  /** Runs one public operation: checks the key and the signal, and turns any failure into a StorageError. */
  protected async run<T>(operation: string, key: string, options: OperationOptions, action: () => Promise<T>): Promise<T> {
    try {
      assertValidKey(key);
      options.signal?.throwIfAborted();
      return await action();
    } catch (error) {
      throw this.wrap(error, operation, key);
    }
  }

  /** A StorageError naming this storage, the operation and the key, with secrets removed. */
  protected wrap(error: unknown, operation: string, key: unknown): StorageError {
    if (isStorageError(error) && error.element !== undefined) return error;
    const code = this.codeOf(error);
    const detail = isStorageError(error) ? error.message.replace(/^E_[A-Z_]+: /, "") : messageOf(error);
    return new StorageError(code, redact(detail, this.secretValues()), {
      storageType: this.storageType,
      element: this.fullName,
      operation,
      key: typeof key === "string" ? printable(key) : undefined,
      cause: isStorageError(error) ? (error.cause ?? error) : error,
    });
  }

  protected codeOf(error: unknown): StorageErrorCode {
    if (isStorageError(error)) return error.code;
    return this.classifyError(error) ?? classifyCommonError(error) ?? "E_UNKNOWN";
  }
}

function checkExpires(expires: unknown): number {
  if (typeof expires !== "number" || !Number.isInteger(expires) || expires < 1 || expires > MAX_SIGN_EXPIRES) {
    throw new StorageError("E_INVALID_ARGUMENT", `expires must be a whole number of seconds from 1 to ${MAX_SIGN_EXPIRES}, not ${String(expires)}`);
  }
  return expires;
}

function checkRange(range: ByteRange): void {
  const { start, end } = range;
  const valid = Number.isSafeInteger(start) && start >= 0 && (end === undefined || (Number.isSafeInteger(end) && end >= start));
  if (!valid) throw new StorageError("E_INVALID_ARGUMENT", `a range needs 0 <= start <= end, got ${JSON.stringify(range)}`);
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}

