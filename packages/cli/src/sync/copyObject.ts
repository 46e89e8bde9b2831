import { unlink } from "node:fs/promises";
import type { StorageBase, UploadOptions } from "@elemental/storages";
import { writeLocalFile } from "./localFile";
import { type Location, sameStorage } from "./location";

export interface CopyOptions {
  signal: AbortSignal;
  /** Bytes sent since the last call (for one progress line over many transfers). */
  onBytes?: (delta: number) => void;
}

/** What a copy needs to know of its source beforehand. */
export interface SourceInfo {
  size: number;
  mtimeMs: number;
}

/**
 * Copies one object or file, streamed whatever its size: a file is uploaded with uploadByPath, an object
 * downloaded into a file stamped with the object's date, and copied within one storage by the storage
 * itself (S3: server-side). Between two storages the bytes stream through, with the content type and
 * (where the target keeps it) the metadata of the source.
 */
export async function copyObject(from: Location, to: Location, source: SourceInfo, options: CopyOptions): Promise<void> {
  const progress = counter(options.onBytes);
  if (from.kind === "folder" && to.kind === "folder") {
    await writeLocalFile(to.path, { file: from.path }, source.mtimeMs, { signal: options.signal });
    progress(source.size);
  } else if (from.kind === "folder" && to.kind === "storage") {
    await to.storage.uploadByPath(to.key, from.path, undefined, { signal: options.signal, onProgress: ({ loaded }) => progress(loaded) });
  } else if (from.kind === "storage" && to.kind === "folder") {
    const body = await from.storage.downloadStream(from.key, { signal: options.signal });
    await writeLocalFile(to.path, body, source.mtimeMs, { signal: options.signal, onLoaded: progress });
  } else if (from.kind === "storage" && to.kind === "storage") {
    if (sameStorage(from, to)) {
      await from.storage.copy(from.key, to.key, { signal: options.signal });
      progress(source.size);
    } else {
      await streamBetween(from.storage, from.key, to.storage, to.key, { signal: options.signal, onProgress: ({ loaded }) => progress(loaded) });
    }
  }
}

/** Moves one object or file: within one storage by the storage itself, otherwise a copy, then a delete. */
export async function moveObject(from: Location, to: Location, source: SourceInfo, options: CopyOptions): Promise<void> {
  if (sameStorage(from, to) && from.kind === "storage" && to.kind === "storage") {
    await from.storage.move(from.key, to.key, { signal: options.signal });
    options.onBytes?.(source.size);
    return;
  }
  await copyObject(from, to, source, options);
  await removeAt(from, options.signal);
}

/** Deletes one object or file; one that is already gone is not an error. */
export async function removeAt(location: Location, signal: AbortSignal): Promise<void> {
  if (location.kind === "storage") await location.storage.delete(location.key, { signal });
  else
    await unlink(location.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== "ENOENT") throw error;
    });
}

async function streamBetween(source: StorageBase, key: string, target: StorageBase, targetKey: string, options: UploadOptions): Promise<void> {
  const info = await source.getObject(key, { signal: options.signal });
  const described = {
    ...(target.capabilities.metadata && Object.keys(info.metadata).length > 0 ? { metadata: info.metadata } : {}),
    ...(target.capabilities.metadata && info.cacheControl ? { cacheControl: info.cacheControl } : {}),
    ...(target.capabilities.metadata && info.contentDisposition ? { contentDisposition: info.contentDisposition } : {}),
  };
  const body = await source.downloadStream(key, { signal: options.signal });
  try {
    await target.uploadStream(targetKey, body, info.contentType, { ...options, ...described, size: info.size });
  } finally {
    body.destroy();
  }
}

/** Turns running totals (per transfer) into deltas. */
function counter(onBytes: ((delta: number) => void) | undefined): (loaded: number) => void {
  let reported = 0;
  return (loaded) => {
    if (!onBytes || loaded <= reported) return;
    onBytes(loaded - reported);
    reported = loaded;
  };
}
