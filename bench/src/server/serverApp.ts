import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const PACKAGES = path.join(__dirname, "..", "..", "..", "packages");

/** Writes an application at `root`: a DiskType storage `storages.Files` (default) and StorageSvc (no sweeper). */
export function writeServerApp(root: string): string {
  const files: Record<string, unknown> = {
    "app.json": {
      appId: "bench.Server",
      title: "server bench",
      extends: [path.join(PACKAGES, "storage-service"), path.join(PACKAGES, "storage-disk")],
      settings: { defaultElement: { defaultStorage: "storages.Files" } },
    },
    "storages/Files/e.json": { title: "Files", type: "storages.DiskType", backendBundleEntry: "." },
    "storages/Files/Files.json": { directory: "appData/files" },
    "storages/services/StorageSvc/e.json": {
      title: "Storage service",
      type: "services.NormalType",
      backendBundleEntry: path.join(PACKAGES, "storage-service/storages/services/StorageSvc"),
    },
    "storages/services/StorageSvc/StorageSvc.json": { sweepIntervalSeconds: 0, previewExpires: 86400 },
  };
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), JSON.stringify(content));
  }
  return path.join(root, "appData/files");
}
