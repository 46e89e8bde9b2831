import { type StorageError, type StorageErrorCode, isStorageError } from "../errors";
import { printable } from "../keys";
import type { AnyStorage } from "./options";

/** What a failed call must name besides its code. */
export interface FailureSite {
  operation: string;
  /** The key the error names; omit for a check of the code and context only. */
  key?: string;
}

/** The error a promise rejects with; fails the test when it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  let value: unknown;
  try {
    value = await promise;
  } catch (error) {
    return error;
  }
  throw new Error(`expected a rejection, but it resolved with ${show(value)}`);
}

/**
 * Awaits a failing call and checks the StorageError contract: the code, the storage Type, the element,
 * the operation and the key are set, and the message names them.
 */
export async function expectStorageError(storage: AnyStorage, promise: Promise<unknown>, code: StorageErrorCode, site: FailureSite): Promise<StorageError> {
  return checkStorageError(storage, await rejectionOf(promise), code, site);
}

export function checkStorageError(storage: AnyStorage, error: unknown, code: StorageErrorCode, site: FailureSite): StorageError {
  if (!isStorageError(error)) throw new Error(`expected a StorageError ${code}, got ${show(error)}`);
  const expected: Record<string, unknown> = {
    code,
    storageType: storage.storageType,
    element: storage.fullName,
    operation: site.operation,
  };
  if (site.key !== undefined) expected.key = printable(site.key);
  const actual = { code: error.code, storageType: error.storageType, element: error.element, operation: error.operation, key: error.key };
  expect({ ...actual, message: error.message }).toMatchObject(expected);
  expect(typeof error.storageType === "string" && error.storageType.length > 0).toBe(true);
  for (const part of [code, site.operation, storage.fullName, storage.storageType, JSON.stringify(error.key)]) {
    expect(error.message).toContain(part);
  }
  // The detail is what went wrong, as the Type said it; the message is the context, then the detail.
  expect(typeof error.detail === "string" && error.detail.length > 0 && error.message.endsWith(`: ${error.detail}`)).toBe(true);
  return error;
}

function show(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (Buffer.isBuffer(value)) return `a Buffer of ${value.length} bytes`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
