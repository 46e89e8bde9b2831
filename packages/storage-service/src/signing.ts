import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { isStorageError } from "@elemental/storages";
import type { AnyStorage } from "./anyStorage";
import { signingKeyKey } from "./recordKeys";

/**
 * The HMAC keys of preview URLs: the configured secret, else one random key per storage kept in that
 * storage (so every process using the storage signs alike), read once per process.
 */
export class PreviewKeys {
  private readonly keys = new Map<string, Promise<Buffer>>();

  constructor(private readonly secret: string | undefined) {}

  keyFor(storage: AnyStorage): Promise<Buffer> {
    if (this.secret !== undefined) return Promise.resolve(Buffer.from(this.secret));
    let key = this.keys.get(storage.fullName);
    if (!key) {
      key = loadOrCreate(storage);
      key.catch(() => this.keys.delete(storage.fullName));
      this.keys.set(storage.fullName, key);
    }
    return key;
  }
}

async function loadOrCreate(storage: AnyStorage): Promise<Buffer> {
  try {
    return await storage.download(signingKeyKey);
  } catch (error) {
    if (!isStorageError(error, "E_NOT_FOUND")) throw error;
  }
  await storage.uploadByFile(signingKeyKey, randomBytes(32).toString("base64url"), "text/plain");
  // Read back: of two processes creating it at once, both end up with the one stored last.
  return storage.download(signingKeyKey);
}

/** The signature of a preview URL's fields (in a fixed order, newline-joined). */
export function signFields(key: Buffer, fields: readonly string[]): string {
  return createHmac("sha256", key).update(fields.join("\n")).digest("base64url");
}

export function verifyFields(key: Buffer, fields: readonly string[], sig: string): boolean {
  const expected = Buffer.from(signFields(key, fields));
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
