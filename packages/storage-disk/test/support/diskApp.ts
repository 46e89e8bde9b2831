import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, type App } from "@elemental/core";
import type { DiskConfig, DiskStorage } from "@elemental/storage-disk";

/** The package folder: test applications extend it by its absolute path. */
export const PACKAGE_DIR = path.resolve(__dirname, "../..");

const made: string[] = [];

/** A new temporary folder, removed by `removeTemps`. */
export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), `elemental-disk-${label}-`));
  made.push(dir);
  return dir;
}

export function removeTemps(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes an application at `root` (made when absent) with one DiskType instance `storages.<name>`. */
export function writeDiskApp(root: string, config: Partial<DiskConfig> = {}, name = "Files"): void {
  const files: Record<string, unknown> = {
    "app.json": { appId: "test.Disk", title: "disk test", extends: [PACKAGE_DIR] },
    [`storages/${name}/e.json`]: { title: name, type: "storages.DiskType", backendBundleEntry: "." },
    [`storages/${name}/${name}.json`]: { directory: "appData/storages/files", ...config },
  };
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(content, null, 2));
  }
}

/** A temporary application with one disk storage, and that storage. */
export async function diskStorage(
  config: Partial<DiskConfig> = {},
  env: Record<string, string> = {},
): Promise<{ app: App; storage: DiskStorage; root: string }> {
  const root = tempDir("app");
  writeDiskApp(root, config);
  const app = await createApp({ root, env });
  return { app, storage: app.getElement<DiskStorage>("storages.Files"), root };
}
