import { opendir } from "node:fs/promises";
import path from "node:path";
import type { FolderRequest, FolderSlice, ListEntry } from "@elemental/storages";
import { isErrno } from "./fsErrors";
import { type Child, children, fileEntry } from "./listing";
import { segmentOf } from "./names";
import type { DiskPaths } from "./paths";

/**
 * One page of one folder: one readdir of that folder, its names sorted in UTF-8 byte order (files by
 * their key, sub-folders by their key plus `/`, as S3 orders them), those after the cursor's name taken
 * until the page is full. Only the files on the page are stat'ed; a sub-folder is shown when it holds
 * at least one name that is not the storage's own (one directory read, never a walk). Links to folders
 * and links out of the root are skipped, as `list` skips them.
 */
export async function listFolder(paths: DiskPaths, prefix: string, request: FolderRequest): Promise<FolderSlice> {
  const slice: FolderSlice = { files: [], folders: [], truncated: false };
  const dir = await paths.folder(prefix === "" ? [] : paths.segments(prefix.slice(0, -1)));
  if (dir === undefined) return slice;
  const root = await paths.realRoot(false);
  const after = request.after === undefined ? undefined : Buffer.from(request.after);
  const candidates = (await children(dir, prefix, () => true)).filter((child) => after === undefined || Buffer.compare(child.order, after) > 0);
  let taken = 0;
  for (const [index, child] of candidates.entries()) {
    if (taken === request.pageSize) {
      slice.truncated = index < candidates.length;
      break;
    }
    request.signal?.throwIfAborted();
    const entry = await entryOf(paths, root, dir, child);
    if (entry === undefined) continue;
    if (typeof entry === "string") slice.folders.push(entry);
    else slice.files.push(entry);
    taken += 1;
  }
  return slice;
}

/** A file's listing entry, a folder's prefix, or undefined for what the listing skips. */
async function entryOf(paths: DiskPaths, root: string, dir: string, child: Child): Promise<ListEntry | string | undefined> {
  if (!child.dirent.isDirectory()) return fileEntry(paths, root, dir, child);
  return (await holdsAName(path.join(dir, child.dirent.name))) ? `${child.key}/` : undefined;
}

async function holdsAName(dir: string): Promise<boolean> {
  try {
    const opened = await opendir(dir);
    try {
      for await (const dirent of opened) if (segmentOf(dirent.name) !== undefined) return true;
    } finally {
      await opened.close().catch(() => undefined);
    }
  } catch (error) {
    if (!isErrno(error, "ENOENT", "ENOTDIR")) throw error;
  }
  return false;
}
