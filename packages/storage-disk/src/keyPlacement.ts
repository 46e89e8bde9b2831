import { realpathSync } from "node:fs";
import { realpath } from "node:fs/promises";
import path from "node:path";
import { StorageError } from "@elemental/storages";

/**
 * The real path of `target` as far as it exists: symbolic links in its existing part resolved, the
 * missing rest appended as it is. A directory that is a link to the application root is thus compared
 * as what it is.
 */
export function realPathSoFar(target: string): string {
  const missing: string[] = [];
  let existing = path.resolve(target);
  for (;;) {
    try {
      return path.join(realpathSync(existing), ...missing);
    } catch {
      const parent = path.dirname(existing);
      if (parent === existing) return path.join(existing, ...missing);
      missing.unshift(path.basename(existing));
      existing = parent;
    }
  }
}

/** True when the folder `keyDir` is `rootDir` or inside it, compared on real paths. */
export function holdsKeys(rootDir: string, keyDir: string): boolean {
  const relative = path.relative(realPathSoFar(rootDir), realPathSoFar(keyDir));
  return !(relative.startsWith("..") || path.isAbsolute(relative));
}

/**
 * Refuses to read or make a key file that the storage's folder would serve as an object: checked again
 * each time the key file is read, since links may have changed since the storage was configured.
 */
export async function refuseKeysInside(rootDir: string, keyFile: string): Promise<void> {
  const [root, keyDir] = await Promise.all([realpath(rootDir).catch(() => undefined), realpath(path.dirname(keyFile)).catch(() => undefined)]);
  if (root === undefined) return; // no folder yet: it serves nothing
  const relative = path.relative(root, keyDir ?? realPathSoFar(path.dirname(keyFile))); // (the key folder is made once)
  if (!(relative.startsWith("..") || path.isAbsolute(relative))) {
    throw new StorageError("E_INVALID_CONFIG", 'the storage\'s "directory" (its real path) contains appData/.elemental, where signing keys are kept');
  }
}
