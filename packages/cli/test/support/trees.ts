import { createHash } from "node:crypto";
import { type Dirent, readFileSync, readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { REPO } from "./elemental";

/**
 * A real tree nobody here wrote: @aws-sdk/client-s3 as pnpm installed it, with the packages it depends on
 * beside it (`.pnpm/@aws-sdk+client-s3@<version>/node_modules`: about 2,700 files, many through symbolic links).
 */
export function installedTree(): string {
  const manifest = require.resolve("@aws-sdk/client-s3/package.json", { paths: [path.join(REPO, "packages/storage-s3")] });
  return path.dirname(path.dirname(path.dirname(realpathSync(manifest))));
}

/** Every file under a folder (following links, as sync does), by relative key, with its MD5. */
export function digestTree(root: string): Map<string, string> {
  const digests = new Map<string, string>();
  const visit = (dir: string, prefix: string): void => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const info = statSync(full);
      if (info.isDirectory()) visit(full, `${prefix}${name}/`);
      else if (info.isFile()) digests.set(`${prefix}${name}`, createHash("md5").update(readFileSync(full)).digest("hex"));
    }
  };
  visit(root, "");
  return digests;
}

/** Total bytes of the files under a folder (following links). */
export function treeBytes(root: string): number {
  let total = 0;
  const visit = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      const info = statSync(path.join(dir, name));
      if (info.isDirectory()) visit(path.join(dir, name));
      else if (info.isFile()) total += info.size;
    }
  };
  visit(root);
  return total;
}

/** How many files a folder that is being written holds now (entries that vanish meanwhile are not counted). */
export function countFiles(dir: string): number {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  return entries.reduce((sum, entry) => sum + (entry.isDirectory() ? countFiles(path.join(dir, entry.name)) : entry.isFile() ? 1 : 0), 0);
}
