import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { rename, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { progressCounter } from "./body";
import { StorageError } from "./errors";
import type { TransferProgress } from "./types";

/**
 * Writes a download into a temporary file beside `filePath` (same folder, so the rename cannot cross file
 * systems), then renames it into place: the destination is either the whole object or left as it was,
 * never a part of the object. The temporary file is removed when `write` fails.
 */
export async function intoFile<T>(filePath: string, write: (tempPath: string) => Promise<T>): Promise<T> {
  if (typeof filePath !== "string" || filePath === "") throw new StorageError("E_INVALID_ARGUMENT", "the local path must be a non-empty string");
  const target = path.resolve(filePath);
  const tempPath = path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(6).toString("hex")}.part`);
  try {
    const result = await write(tempPath);
    await rename(tempPath, target);
    return result;
  } catch (error) {
    await unlink(tempPath).catch(() => undefined);
    throw error;
  }
}

/** The default way into a file: the download stream, in order. Returns the bytes written. */
export async function streamIntoFile(body: Readable, tempPath: string, onProgress: ((progress: TransferProgress) => void) | undefined): Promise<number> {
  const out = createWriteStream(tempPath, { flags: "wx" });
  if (onProgress) await pipeline(body, progressCounter(undefined, onProgress), out);
  else await pipeline(body, out);
  return out.bytesWritten;
}
