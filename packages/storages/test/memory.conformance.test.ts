import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { describeStorageConformance } from "@elemental/storages/testkit";

const storagesPackage = path.resolve(__dirname, "..");
let root = "";

/** A temporary application extending this package by absolute path, with one MemoryType instance. */
async function createMemoryStorage(): Promise<StorageBase> {
  root = mkdtempSync(path.join(tmpdir(), "storages-memory-"));
  const files: Record<string, unknown> = {
    "app.json": { appId: "test.MemoryConformance", extends: [storagesPackage] },
    "storages/Mem/e.json": { title: "Memory under test", type: "storages.MemoryType" },
    "storages/Mem/Mem.json": { baseUrl: "memory://conformance" },
  };
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), JSON.stringify(content));
  }
  const app = await createApp({ root });
  return app.getElement<StorageBase>("storages.Mem");
}

describeStorageConformance({
  name: "storages.MemoryType",
  create: createMemoryStorage,
  destroy: () => rmSync(root, { recursive: true, force: true }),
  // The same as MemoryType declares; stated so that the test titles name the branch that runs.
  capabilities: { signedUrls: false, uploadUrls: false, metadata: true, ranges: true, visibility: false },
  largeObjectBytes: 8 * 1024 * 1024,
});
