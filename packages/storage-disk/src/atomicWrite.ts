import { type Hash, createHash, randomInt } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { type FileHandle, open, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { UploadBody } from "@elemental/storages";
import { tempName } from "./names";

/** A fully written, fsync'd temporary file, ready to be renamed over its target. */
export interface TempFile {
  path: string;
  /** Hex MD5 of the bytes written. */
  md5: string;
  stats: BigIntStats;
}

/**
 * Writes a body into a new hidden temporary file in `dir`, hashing it on the way, with constant memory
 * for streams. The file is fsync'd before this returns; on any failure (an abort included) it is removed.
 */
export async function writeTemp(dir: string, body: UploadBody, signal?: AbortSignal, mode = 0o644): Promise<TempFile> {
  const file = path.join(dir, tempName());
  const handle = await open(file, "wx", mode);
  const hash = createHash("md5");
  try {
    if (body.kind === "bytes") {
      hash.update(body.bytes);
      await writeAll(handle, body.bytes);
    } else {
      await copyStream(body.stream, handle, hash, signal);
    }
    signal?.throwIfAborted();
    await handle.utimes(...distinctTimes());
    await handle.sync();
    const stats = await handle.stat({ bigint: true });
    await handle.close();
    return { path: file, md5: hash.digest("hex"), stats };
  } catch (error) {
    await closeQuietly(handle);
    await removeQuietly(file);
    throw error;
  }
}

/**
 * Now, with a random microsecond part. Linux stamps files from a clock that ticks every few
 * milliseconds, so two versions written in one tick would share an mtime; the sidecar identifies its
 * data by size and mtime, and this keeps two same-size versions from two processes apart (within one
 * process the object lock already does).
 */
function distinctTimes(): [number, number] {
  const seconds = Date.now() / 1000 + randomInt(1000) / 1e6;
  return [seconds, seconds];
}

/**
 * Copies a stream into a file chunk by chunk, so memory stays at one chunk whatever the size. An abort
 * destroys the source at once (even one that is waiting for data); leaving the loop destroys it too.
 * (A FileHandle write stream is not used: with autoClose off, its handle never finishes closing.)
 */
async function copyStream(stream: Readable, handle: FileHandle, hash: Hash, signal?: AbortSignal): Promise<void> {
  const onAbort = (): void => void stream.destroy(signal?.reason as Error);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
      hash.update(bytes);
      await writeAll(handle, bytes);
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}

async function writeAll(handle: FileHandle, bytes: Uint8Array): Promise<void> {
  for (let offset = 0; offset < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset);
    offset += bytesWritten;
  }
}

/** Makes renames in `dir` durable. Some platforms cannot fsync a directory; that is not an error there. */
export async function syncDir(dir: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(dir, "r");
    await handle.sync();
  } catch {
    // best effort: Windows and some network file systems refuse to open or sync a directory
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** Removes a file that may not exist; used for clean-ups, where a failure must not hide the first error. */
export async function removeQuietly(file: string | undefined): Promise<void> {
  if (file !== undefined) await unlink(file).catch(() => undefined);
}

async function closeQuietly(handle: FileHandle): Promise<void> {
  await handle.close().catch(() => undefined);
}
