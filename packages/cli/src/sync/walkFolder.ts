import type { Dirent } from "node:fs";
import { opendir, realpath, stat } from "node:fs/promises";
import path from "node:path";
import type { Entry } from "./location";
import { isPartialFile } from "./localFile";

export interface WalkOptions {
  /** Follow symbolic links to files and folders (as `aws s3 sync` does); a link back to a folder above is skipped. */
  followSymlinks: boolean;
  signal: AbortSignal;
  /** A file or link that is not synced, and why. */
  onSkip: (key: string, reason: string) => void;
}

/**
 * Every regular file under `root`, with its key (the relative path, `/`-separated), size and mtime. Folders
 * are read one at a time, depth first. The partial files of an interrupted download are left out.
 */
export async function* walkFolder(root: string, options: WalkOptions): AsyncGenerator<Entry> {
  const top = await realpath(root);
  yield* walk(root, "", new Set([top]), options);
}

async function* walk(dir: string, prefix: string, ancestors: ReadonlySet<string>, options: WalkOptions): AsyncGenerator<Entry> {
  options.signal.throwIfAborted();
  const folders: Dirent[] = [];
  for await (const dirent of await opendir(dir)) {
    const key = `${prefix}${dirent.name}`;
    const full = path.join(dir, dirent.name);
    if (dirent.isDirectory()) {
      folders.push(dirent);
    } else if (dirent.isFile()) {
      if (isPartialFile(dirent.name)) continue;
      const info = await stat(full);
      yield { key, size: info.size, mtimeMs: info.mtimeMs };
    } else if (dirent.isSymbolicLink()) {
      if (!options.followSymlinks) {
        options.onSkip(key, "a symbolic link (--no-follow-symlinks)");
        continue;
      }
      const info = await stat(full).catch(() => undefined);
      if (info === undefined) options.onSkip(key, "a broken symbolic link");
      else if (info.isFile()) yield { key, size: info.size, mtimeMs: info.mtimeMs };
      else if (info.isDirectory()) folders.push(dirent);
      else options.onSkip(key, "not a regular file");
    } else {
      options.onSkip(key, "not a regular file");
    }
  }
  for (const folder of folders) {
    const full = path.join(dir, folder.name);
    const real = await realpath(full);
    if (ancestors.has(real)) {
      options.onSkip(`${prefix}${folder.name}/`, "a symbolic link to a folder above it (a loop)");
      continue;
    }
    yield* walk(full, `${prefix}${folder.name}/`, new Set([...ancestors, real]), options);
  }
}
