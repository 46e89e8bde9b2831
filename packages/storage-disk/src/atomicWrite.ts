import { randomInt } from "node:crypto";
import type { BigIntStats } from "node:fs";
import { type FileHandle, open, unlink } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import type { UploadBody } from "@elemental/storages";
import { tempName } from "./names";

/** A fully written, fsync'd temporary file, ready to be renamed over its target. */
export interface TempFile {
  path: string;
  /** Its stats after the last write (and after `restamp`, which replaces them). */
  stats: BigIntStats;
  /** Closes it when `writeTemp` left it open: a rename does not need it closed, so both can go at once. */
  close(): Promise<void>;
}

export interface TempOptions {
  mode?: number;
  /** Runs with the file's stats while the fsync (the long wait) goes on; a failure fails the write. */
  alongsideSync?: (temp: TempFile) => Promise<void>;
  /** Leaves the file open (see `TempFile.close`). */
  leaveOpen?: boolean;
  /**
   * Sets the mtime while the fsync goes on rather than before it, saving a wait. The stamp may then
   * miss that fsync; it is still in the file system's journal before any later rename of the file on
   * ext4 or XFS, and otherwise may be lost to a power cut (for a file no sidecar names, that changes
   * only its ETag).
   */
  stampAlongsideSync?: boolean;
}

/**
 * Writes a body into a new hidden temporary file in `dir`, with constant memory for streams. The bytes
 * are not hashed: the ETag comes from the file's identity (see `derivedEtag`), which saves ~1.5 ms per
 * MiB. The file is stamped (see distinctTimes) and fsync'd before this returns. On any failure (an
 * abort included) the file is removed.
 */
export async function writeTemp(dir: string, body: UploadBody, signal?: AbortSignal, options: TempOptions = {}): Promise<TempFile> {
  const file = path.join(dir, tempName());
  const handle = await open(file, "wx", options.mode ?? 0o644);
  try {
    if (body.kind === "bytes") await writeAll(handle, body.bytes);
    else await copyStream(body.stream, handle, signal);
    signal?.throwIfAborted();
    const stamp = (): Promise<void> => handle.utimes(...distinctTimes());
    if (!options.stampAlongsideSync) await stamp();
    let temp: TempFile | undefined;
    const stamped = options.stampAlongsideSync ? stamp() : Promise.resolve();
    const described = stamped.then(async () => {
      temp = { path: file, stats: await handle.stat({ bigint: true }), close: () => closeQuietly(handle) };
      await options.alongsideSync?.(temp);
    });
    const outcomes = await Promise.allSettled([handle.sync(), described]);
    for (const outcome of outcomes) if (outcome.status === "rejected") throw outcome.reason;
    if (!options.leaveOpen) await handle.close();
    return temp as TempFile;
  } catch (error) {
    await closeQuietly(handle);
    await removeQuietly(file);
    throw error;
  }
}

/**
 * Gives a written temporary file a new modification time, durably, and returns its new stats. Used in
 * the rare case where the file's size and mtime equal those of the data it replaces (see
 * ObjectWriter), so that the sidecar of that data can never be taken to describe it.
 */
export async function restamp(file: string): Promise<BigIntStats> {
  const handle = await open(file, "r");
  try {
    await handle.utimes(...distinctTimes());
    await handle.sync();
    return await handle.stat({ bigint: true });
  } finally {
    await closeQuietly(handle);
  }
}

let lastStampUs = 0;

/**
 * Now, with a random microsecond part, and never the same twice in one process. Linux stamps files
 * from a clock that ticks every few milliseconds, so two versions written in one tick would share an
 * mtime; a sidecar identifies its data by size and mtime (and an ETag is derived from them). This keeps
 * two same-size versions apart: always within one process, and across processes writing in the same
 * millisecond but for a 1 in 1,000 chance, which the writer checks for (see ObjectWriter).
 */
function distinctTimes(): [number, number] {
  lastStampUs = Math.max(Date.now() * 1000 + randomInt(1000), lastStampUs + 1);
  // libuv truncates to whole microseconds, and seconds as a double are off by up to ~0.25 us: aiming
  // at the middle of the microsecond keeps two neighbouring stamps from landing on the same one.
  const seconds = (lastStampUs + 0.5) / 1e6;
  return [seconds, seconds];
}

/**
 * Copies a stream into a file chunk by chunk, so memory stays at one chunk whatever the size. An abort
 * destroys the source at once (even one that is waiting for data); leaving the loop destroys it too.
 * (A FileHandle write stream is not used: with autoClose off, its handle never finishes closing.)
 */
async function copyStream(stream: Readable, handle: FileHandle, signal?: AbortSignal): Promise<void> {
  const onAbort = (): void => void stream.destroy(signal?.reason as Error);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    for await (const chunk of stream) {
      signal?.throwIfAborted();
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Uint8Array);
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
