import { createHash } from "node:crypto";

/** Every object StorageSvc keeps for itself lives under this prefix; names under it are refused to callers. */
export const RESERVED_PREFIX = ".elemental/files/";

/** A record's id: 22 base64url characters of the SHA-256 of its stored name (one name, one record). */
export function idOf(name: string): string {
  return createHash("sha256").update(name).digest("base64url").slice(0, 22);
}

export function isReserved(name: string): boolean {
  return name === ".elemental" || name.startsWith(".elemental/");
}

export const recordKey = (id: string): string => `${RESERVED_PREFIX}id/${id}.json`;
export const md5Key = (md5: string): string => `${RESERVED_PREFIX}md5/${md5}.json`;
export const tempKey = (token: string): string => `${RESERVED_PREFIX}tmp/${token}`;
export const signingKeyKey = `${RESERVED_PREFIX}signing-key`;
export const EXPIRY_PREFIX = `${RESERVED_PREFIX}exp/`;

/** The expiry index entry: sorts by time, so a sweep lists from the oldest and stops at the first not due. */
export function expiryKey(expireTime: number, id: string): string {
  return `${EXPIRY_PREFIX}${String(expireTime).padStart(13, "0")}_${id}`;
}

export function parseExpiryKey(key: string): { expireTime: number; id: string } | undefined {
  const match = /^(\d{13})_([A-Za-z0-9_-]{22})$/.exec(key.slice(EXPIRY_PREFIX.length));
  return match?.[1] && match[2] ? { expireTime: Number(match[1]), id: match[2] } : undefined;
}

/** The object metadata field that carries an expiry, so that a read needs no record. */
export const EXPIRES_META = "elemental-expire-time";
