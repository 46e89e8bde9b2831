import type { BigIntStats, Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { type ListEntry, keyProblem } from "@elemental/storages";
import { isErrno } from "./fsErrors";
import { segmentOf, sidecarName } from "./names";
import type { DiskPaths } from "./paths";
import { derivedEtag, descriptionOf, readSidecar } from "./sidecar";

export interface Child {
  key: string;
  dirent: Dirent;
  /** The key, plus `/` for a folder: sorting on it sorts the whole listing by key. */
  order: Buffer;
}

/**
 * Every object whose key starts with `prefix`, depth first, in the byte order of the keys' UTF-8 (as
 * S3 lists). One directory's names are held at a time per level. The storage's own files, names that
 * are not valid keys, and links that lead out of the root or to folders are skipped.
 */
export async function* listKeys(paths: DiskPaths, prefix: string, signal?: AbortSignal): AsyncGenerator<ListEntry> {
  const segments = prefix.split("/");
  segments.pop(); // the partial name after the last "/", matched by the startsWith filter below
  const folderSegments = segments.filter((segment) => segment !== "");
  const folder = folderSegments.join("/");
  const start = await paths.folder(folder === "" ? [] : paths.segments(folder));
  if (start === undefined) return;
  const root = await paths.realRoot(false);
  yield* walk(paths, root, start, folder === "" ? "" : `${folder}/`, (key) => key.startsWith(prefix), signal);
}

async function* walk(
  paths: DiskPaths,
  root: string,
  dir: string,
  keyPrefix: string,
  wanted: (key: string) => boolean,
  signal: AbortSignal | undefined,
): AsyncGenerator<ListEntry> {
  signal?.throwIfAborted();
  for (const child of await children(dir, keyPrefix, wanted)) {
    const file = path.join(dir, child.dirent.name);
    if (child.dirent.isDirectory()) {
      yield* walk(paths, root, file, `${child.key}/`, () => true, signal);
      continue;
    }
    const entry = await fileEntry(paths, root, dir, child);
    if (entry) yield entry;
  }
}

/** The listing entry of a file child; undefined when it is not a file inside the root (or is gone). */
export async function fileEntry(paths: DiskPaths, root: string, dir: string, child: Child): Promise<ListEntry | undefined> {
  const stats = await fileStats(paths, root, path.join(dir, child.dirent.name), child.dirent);
  if (stats === undefined) return undefined;
  const sidecar = await readSidecar(path.join(dir, sidecarName(child.dirent.name)));
  const etag = descriptionOf(sidecar, stats)?.etag ?? derivedEtag(stats);
  return { name: child.key, size: Number(stats.size), etag, lastModified: new Date(Number(stats.mtimeMs)) };
}

/** A folder's children that are valid keys, sorted by key (a sub-folder as its key plus `/`); none when it is gone. */
export async function children(dir: string, keyPrefix: string, wanted: (key: string) => boolean): Promise<Child[]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    if (isErrno(error, "ENOENT", "ENOTDIR")) return []; // removed while we were listing
    throw error;
  }
  const found: Child[] = [];
  for (const dirent of dirents) {
    const segment = segmentOf(dirent.name);
    if (segment === undefined) continue;
    const key = `${keyPrefix}${segment}`;
    if (keyProblem(key) !== undefined || !wanted(key)) continue;
    found.push({ key, dirent, order: Buffer.from(dirent.isDirectory() ? `${key}/` : key) });
  }
  return found.sort((a, b) => Buffer.compare(a.order, b.order));
}

/** A regular file's stats, following a link only when it leads to a file inside the root. */
async function fileStats(paths: DiskPaths, root: string, file: string, dirent: Dirent): Promise<BigIntStats | undefined> {
  if (!dirent.isFile() && !dirent.isSymbolicLink()) return undefined;
  try {
    if (dirent.isSymbolicLink() && !paths.contains(root, await realpath(file))) return undefined;
    const stats = await stat(file, { bigint: true });
    return stats.isFile() ? stats : undefined;
  } catch (error) {
    if (isErrno(error, "ENOENT", "ENOTDIR", "ELOOP")) return undefined; // removed meanwhile, or a broken link
    throw error;
  }
}
