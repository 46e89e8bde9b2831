import { checkSignal } from "./arguments";
import type { StorageErrorCode, StorageError } from "./errors";
import { failureOf, storageErrorFor } from "./failure";
import { assertValidKey } from "./keys";
import { StorageBackend } from "./StorageBackend";
import type { OperationOptions, UploadOptions } from "./types";

/**
 * How StorageBase runs each public operation: the key (or prefix) and the signal checked, an asynchronous
 * onLoad awaited, and any failure turned into a StorageError that names the storage Type, the element, the
 * operation and the key, with the element's secrets removed.
 */
export abstract class StorageOperations<Config extends object, Upload extends UploadOptions> extends StorageBackend<Config, Upload> {
  /** The fullName of the Type this element is an instance of, e.g. `storages.AwsS3Type`. */
  get storageType(): string {
    return this.define.type;
  }

  /** Runs one public operation: checks the key and the signal, and turns any failure into a StorageError. */
  protected run<T>(operation: string, key: string, options: OperationOptions, action: () => Promise<T>): Promise<T> {
    return this.runOn(operation, key, options, action, assertValidKey);
  }

  /** As `run`, for an operation whose subject is checked by `checkSubject` (a key, a folder prefix). */
  protected async runOn<T>(
    operation: string,
    subject: string,
    options: OperationOptions,
    action: () => Promise<T>,
    checkSubject: (subject: string) => void,
  ): Promise<T> {
    try {
      checkSubject(subject);
      checkSignal(options.signal);
      options.signal?.throwIfAborted();
      await this.loaded();
      return await action();
    } catch (error) {
      throw this.wrap(error, operation, subject, options.signal);
    }
  }

  /** An asynchronous onLoad finishes before the element's first use (see core's lifecycle). */
  protected async loaded(): Promise<void> {
    await this.app.whenLoaded?.(this.fullName);
  }

  /** A StorageError naming this storage, the operation and the key, with secrets removed (see `storageErrorFor`). */
  protected wrap(error: unknown, operation: string, key: unknown, signal?: AbortSignal): StorageError {
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
  protected codeOf(error: unknown): StorageErrorCode {
    return failureOf(error, (backendError) => this.storageErrorOf(backendError)).code;
  }
}
