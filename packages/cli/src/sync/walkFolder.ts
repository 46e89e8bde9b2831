import type { Dirent } from "node:fs";
import { readdir, realpath, stat } from "node:fs/promises";
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

/** File-system calls in flight at once: enough to keep libuv's threads busy, few enough to hold little memory. */
const PARALLEL_CALLS = 32;

/**
 * Calls `onEntry` with every regular file under `root`: its key (the relative path, `/`-separated), size and
 * mtime, in no particular order. Folders and files are looked at in parallel (one `stat` per file is most
 * of the time a listing takes). The partial files of an interrupted download are left out.
 */
export async function walkFolder(root: string, options: WalkOptions, onEntry: (entry: Entry) => void): Promise<void> {
  const limit = limiter(PARALLEL_CALLS);
  const walk = async (dir: string, prefix: string, ancestors: ReadonlySet<string>): Promise<void> => {
    options.signal.throwIfAborted();
    const dirents = await limit(() => readdir(dir, { withFileTypes: true }));
    const folders: Dirent[] = [];
    await Promise.all(
      dirents.map(async (dirent) => {
        const key = `${prefix}${dirent.name}`;
        if (dirent.isDirectory()) return void folders.push(dirent);
        if (dirent.isFile() && isPartialFile(dirent.name)) return;
        if (dirent.isSymbolicLink() && !options.followSymlinks) return options.onSkip(key, "a symbolic link (--no-follow-symlinks)");
        if (!dirent.isFile() && !dirent.isSymbolicLink()) return options.onSkip(key, "not a regular file");
        const info = await limit(() => stat(path.join(dir, dirent.name)).catch(() => undefined));
        if (info === undefined) options.onSkip(key, "a broken symbolic link");
        else if (info.isFile()) onEntry({ key, size: info.size, mtimeMs: info.mtimeMs });
        else if (info.isDirectory()) folders.push(dirent);
        else options.onSkip(key, "not a regular file");
      }),
    );
    await Promise.all(
      folders.map(async (folder) => {
        const full = path.join(dir, folder.name);
        const real = await limit(() => realpath(full));
        if (ancestors.has(real)) return options.onSkip(`${prefix}${folder.name}/`, "a symbolic link to a folder above it (a loop)");
        await walk(full, `${prefix}${folder.name}/`, new Set([...ancestors, real]));
      }),
    );
  };
  await walk(root, "", new Set([await realpath(root)]));
}

/** Runs at most `max` of the given calls at once; the others wait their turn. */
function limiter(max: number): <T>(call: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (call) => {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await call();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
