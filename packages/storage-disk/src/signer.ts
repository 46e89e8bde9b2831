import { createHmac, timingSafeEqual } from "node:crypto";

/** What a signed URL grants: one method on one key of one storage, until `expires` (Unix seconds). */
export interface Grant {
  method: "GET" | "PUT";
  key: string;
  expires: number;
  /** GET: the Content-Type the response must carry, if one was asked for. PUT: the one the upload must send. */
  contentType: string | undefined;
}

/** Fields are joined by newlines; keys cannot contain one, and the content type comes last. */
function canonical(storage: string, grant: Grant): string {
  return ["elemental-disk-v1", storage, grant.method, grant.key, String(grant.expires), grant.contentType ?? ""].join("\n");
}

export function sign(secret: Buffer, storage: string, grant: Grant): string {
  return createHmac("sha256", secret).update(canonical(storage, grant)).digest("hex");
}

/** True when `signature` signs `grant` and the grant has not expired; compared in constant time. */
export function verify(secret: Buffer, storage: string, grant: Grant, signature: string, now = Date.now()): boolean {
  if (!/^[0-9a-f]{64}$/.test(signature)) return false;
  if (!Number.isSafeInteger(grant.expires) || grant.expires * 1000 < now) return false;
  const expected = Buffer.from(sign(secret, storage, grant), "hex");
  return timingSafeEqual(expected, Buffer.from(signature, "hex"));
}
