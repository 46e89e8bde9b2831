import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, mkdir, rename, unlink, utimes } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { byteCounter } from "../transfer";

const PARTIAL = /^\..+\.[0-9a-f]{8}\.elemental-part$/;

/** A file this module is still writing (or that a killed process left): never listed, never synced. */
export function isPartialFile(name: string): boolean {
  return PARTIAL.test(name);
}

/**
 * Writes `target` from a stream or a local file, complete or not at all: into a hidden partial file beside
 * it, stamped with `mtimeMs`, then renamed over the target. Missing folders are created.
 */
export async function writeLocalFile(
  target: string,
  source: Readable | { file: string },
  mtimeMs: number,
  options: { signal: AbortSignal; onLoaded?: (loaded: number) => void },
): Promise<void> {
  const partial = path.join(path.dirname(target), `.${path.basename(target).slice(0, 200)}.${randomBytes(4).toString("hex")}.elemental-part`);
  try {
    await mkdir(path.dirname(target), { recursive: true });
    if ("file" in source) await copyFile(source.file, partial);
    else await pipeline(source, byteCounter(options.onLoaded ?? (() => undefined)), createWriteStream(partial, { flags: "wx" }), { signal: options.signal });
    const seconds = mtimeMs / 1000;
    await utimes(partial, seconds, seconds);
    await rename(partial, target);
  } catch (error) {
    if (!("file" in source)) source.destroy();
    await unlink(partial).catch(() => undefined);
    throw error;
  }
}
