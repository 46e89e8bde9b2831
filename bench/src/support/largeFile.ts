import { randomFillSync } from "node:crypto";
import { closeSync, openSync, writeSync } from "node:fs";
import path from "node:path";

const made = new Map<string, string>();
const CHUNK = 8 * 1024 * 1024;

/** A file of `size` random bytes in the bench's temporary folder, written once per bench run. */
export function largeFile(tmpDir: string, size: number): string {
  const file = path.join(tmpDir, `random-${size}.bin`);
  if (made.has(file)) return file;
  const chunk = Buffer.allocUnsafe(CHUNK);
  const fd = openSync(file, "w");
  try {
    for (let written = 0; written < size; ) {
      const length = Math.min(CHUNK, size - written);
      randomFillSync(chunk, 0, length);
      written += writeSync(fd, chunk, 0, length);
    }
  } finally {
    closeSync(fd);
  }
  made.set(file, file);
  return file;
}

export function largeSize(quick: boolean): number {
  return (quick ? 64 : 1024) * 1024 * 1024;
}

export function sizeLabel(size: number): string {
  return size >= 1024 ** 3 ? `${size / 1024 ** 3} GiB` : `${size / 1024 ** 2} MiB`;
}
