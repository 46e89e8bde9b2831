import { createHmac, timingSafeEqual } from "node:crypto";
import { MAX_SIGN_EXPIRES } from "@elemental/storages";

/**
 * What a signed URL grants: one method on one key of one storage, until `expires` (Unix seconds), and
 * everything that shapes the response or limits the upload. Every URL parameter but the signature and
 * the key id is one of these fields, so none can be added, removed or emptied without breaking it.
 */
export interface Grant {
  method: "GET" | "PUT";
  key: string;
  expires: number;
  /** GET: the Content-Type the response must carry, if one was asked for. PUT: the one the upload must send. */
  contentType: string | undefined;
  /** GET: the Content-Disposition asked for (`getSignUrl`'s options). */
  disposition?: "inline" | "attachment" | undefined;
  /** GET: the file name of that Content-Disposition. */
  filename?: string | undefined;
  /** PUT: the largest body the upload may send. */
  maxBytes?: number | undefined;
}

/** Seconds a verifier tolerates between its clock and the signer's, beyond the longest lifetime. */
const CLOCK_SKEW = 60;

/**
 * JSON of the fields in a fixed order, absent ones as null: unambiguous (an empty value is not an absent
 * one), and no field can be shifted into another.
 */
function canonical(storage: string, grant: Grant): string {
  const { method, key, expires, contentType, disposition, filename, maxBytes } = grant;
  return JSON.stringify(["elemental-disk-v2", storage, method, key, expires, contentType ?? null, disposition ?? null, filename ?? null, maxBytes ?? null]);
}

export function sign(secret: Buffer, storage: string, grant: Grant): string {
  return createHmac("sha256", secret).update(canonical(storage, grant)).digest("hex");
}

/**
 * True when `signature` signs `grant` with `secret`, and the grant has neither expired nor asks to live
 * longer than any URL may (7 days, as S3): compared in constant time.
 */
export function verify(secret: Buffer, storage: string, grant: Grant, signature: string, now = Date.now()): boolean {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  if (!Number.isSafeInteger(grant.expires) || grant.expires * 1000 < now) return false;
  if (grant.expires * 1000 > now + (MAX_SIGN_EXPIRES + CLOCK_SKEW) * 1000) return false;
  const expected = Buffer.from(sign(secret, storage, grant), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}
