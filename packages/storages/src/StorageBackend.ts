import type { Readable } from "node:stream";
import { Element } from "@elemental/core";
import type { UploadBody } from "./body";
import { StorageError, type StorageFailure } from "./errors";
import { type FolderRequest, type FolderSlice, levelByWalking, sliceOfLevel } from "./folderListing";
import { inPool } from "./pool";
import { secretsOf } from "./redact";
import type { CheckDefinition } from "./check";
import type { ResolvedDisposition } from "./contentDisposition";
import type {
  DownloadOptions,
  ListEntry,
  ListOptions,
  ObjectInfo,
  OperationOptions,
  StorageCapabilities,
  UploadOptions,
  UploadUrl,
  UploadUrlOptions,
  Visibility,
} from "./types";

/** What a Type's `writeObject` receives besides the body: the caller's options and the content type. */
export type WriteRequest<Upload extends UploadOptions = UploadOptions> = Upload & { contentType: string };

/** What a Type's `readObject` returns: the body, and its length when the backend announced it. */
export interface ReadResult {
  body: Readable;
  contentLength: number | undefined;
}

/**
 * What a storage Type implements: the backend calls, and how its backend's failures read. Keys and
 * arguments arrive checked; whatever these methods throw, StorageBase turns into a StorageError.
 */
export abstract class StorageBackend<Config extends object, Upload extends UploadOptions> extends Element<Config> {
  abstract readonly capabilities: StorageCapabilities;

  /** A stream body with a known size is guaranteed to hold exactly that many bytes, or to fail before its last chunk. */
  protected abstract writeObject(key: string, body: UploadBody, request: WriteRequest<Upload>): Promise<{ etag: string | undefined; size: number }>;
  protected abstract readObject(key: string, options: DownloadOptions): Promise<ReadResult>;
  /** Throws an error that `storageErrorOf` (or the common rules) reads as E_NOT_FOUND when the object does not exist. */
  protected abstract statObject(key: string, options: OperationOptions): Promise<ObjectInfo>;
  /** Removing a missing object succeeds. */
  protected abstract removeObject(key: string, options: OperationOptions): Promise<void>;
  protected abstract listObjects(prefix: string, options: ListOptions): AsyncIterable<ListEntry>;
  protected abstract copyObject(from: string, to: string, options: OperationOptions): Promise<void>;
  /** The URL `uploadByFile` returns for a key. */
  protected abstract objectUrl(key: string): string;

  /** Removes valid keys and returns those that failed. By default removeObject for each, 8 at a time. */
  protected async removeObjects(keys: readonly string[], options: OperationOptions): Promise<Array<{ name: string; error: unknown }>> {
    const outcomes = await inPool(keys, 8, (name) =>
      this.removeObject(name, options).then(
        () => undefined,
        (error: unknown) => ({ name, error }),
      ),
    );
    return outcomes.filter((outcome) => outcome !== undefined);
  }

  protected async moveObject(from: string, to: string, options: OperationOptions): Promise<void> {
    await this.copyObject(from, to, options);
    await this.removeObject(from, options);
  }

  /**
   * One level of the folder `prefix` (`""` or ending with `/`): at most `pageSize` files and sub-folders
   * whose names sort after `request.after` in UTF-8 byte order, and whether more may follow. By default
   * it walks everything under the prefix with listObjects: a Type with a cheaper way overrides it.
   */
  protected async listFolderObjects(prefix: string, request: FolderRequest): Promise<FolderSlice> {
    return sliceOfLevel(await levelByWalking(prefix, this.listObjects(prefix, { signal: request.signal })), request);
  }

  /** Throws what reads as E_NOT_FOUND for a missing object. Only called when `capabilities.visibility` is true. */
  protected async readVisibility(_key: string, _options: OperationOptions): Promise<Visibility> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type has no visibility");
  }

  protected async writeVisibility(_key: string, _visibility: Visibility, _options: OperationOptions): Promise<void> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type has no visibility");
  }

  /** Where a public object can be fetched without a signature; by default its objectUrl. */
  protected publicObjectUrl(key: string): string {
    return this.objectUrl(key);
  }

  /** `disposition`: what the response must say (see `contentDisposition`), undefined when the caller asked for nothing. */
  protected async signGetUrl(_key: string, _contentType: string | undefined, _expires: number, _disposition?: ResolvedDisposition): Promise<string> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot sign URLs");
  }

  protected async signUploadUrl(_key: string, _contentType: string, _expires: number, _options: UploadUrlOptions = {}): Promise<UploadUrl> {
    throw new StorageError("E_UNSUPPORTED", "this storage Type cannot sign upload URLs");
  }

  /**
   * The one hook for the backend's failures: what an error the backend threw means, as a code and a
   * detail a user can act on (no path, no secret), or undefined to leave it to the common rules
   * (network, abort, timeout and file-system errors). A StorageError the Type throws itself needs no
   * translation. StorageBase adds the element, the operation, the key and the cause, and redacts.
   */
  protected storageErrorOf(_error: unknown): StorageFailure | undefined {
    return undefined;
  }

  /** Values that must never appear in a message. By default: config fields named like secrets. */
  protected secretValues(): string[] {
    return secretsOf(this.config);
  }

  /** The Type's steps before the probe (endpoint, credentials, bucket) and after it (warnings). */
  protected connectionChecks(): CheckDefinition[] {
    return [];
  }

  protected usageChecks(): CheckDefinition[] {
    return [];
  }
}
