import { createHash } from "node:crypto";

/** `size` bytes that depend only on `seed` (xorshift32), so a test can regenerate what it wrote. */
export function seededBytes(seed: number, size: number): Buffer {
  const words = new Uint32Array(Math.ceil(size / 4));
  let state = (seed ^ 0x9e3779b9) >>> 0 || 1;
  for (let i = 0; i < words.length; i++) {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    words[i] = state;
  }
  return Buffer.from(words.buffer, 0, size);
}

export function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

const MAGIC = 0x454c5256; // "ELRV"
export const HEADER_BYTES = 12;

/**
 * A self-describing object version: a 12-byte header (magic, seed, total size) followed by bytes derived
 * from the seed. Whoever reads it back can tell, from the bytes alone, whether it is whole and which
 * version it is.
 */
export function versionBody(seed: number, size: number): Buffer {
  const total = Math.max(size, HEADER_BYTES);
  const body = seededBytes(seed, total);
  body.writeUInt32BE(MAGIC, 0);
  body.writeUInt32BE(seed >>> 0, 4);
  body.writeUInt32BE(total, 8);
  return body;
}

/** The seed of a whole version body, or why the bytes are not one (torn, truncated, interleaved). */
export function readVersion(bytes: Buffer): { seed: number } | { problem: string } {
  if (bytes.length < HEADER_BYTES) return { problem: `only ${bytes.length} bytes, less than a header` };
  if (bytes.readUInt32BE(0) !== MAGIC) return { problem: "no version header at the start" };
  const seed = bytes.readUInt32BE(4);
  const total = bytes.readUInt32BE(8);
  if (total !== bytes.length) return { problem: `the header says ${total} bytes, the object has ${bytes.length}` };
  if (!versionBody(seed, total).equals(bytes)) return { problem: `the bytes differ from version ${seed} (torn or interleaved)` };
  return { seed };
}
