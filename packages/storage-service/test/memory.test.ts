import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { StorageSvc } from "@elemental/storage-service";

const root = mkdtempSync(path.join(tmpdir(), "elemental-storage-service-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: unknown): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), JSON.stringify(content));
}

test("StorageSvc comes with the package and works on any storage Type (here MemoryType)", async () => {
  write("app.json", {
    appId: "test.Svc",
    title: "svc",
    extends: [path.resolve(__dirname, "..")],
    settings: { defaultElement: { defaultStorage: "storages.Mem" } },
  });
  write("storages/Mem/e.json", { title: "Mem", type: "storages.MemoryType" });
  const app = await createApp({ root });
  const svc = app.getElement<StorageSvc>("storages.services.StorageSvc");
  expect(svc.routePath).toBe("/storages/services/StorageSvc");
  const start = Date.now();
  svc.now = () => start;
  const item = await svc.uploadByFile("a/photo.txt", "bytes", "4b3a6218bb3e3a7303e8a171a60fcf92", undefined, undefined, 5);
  expect(item).toMatchObject({
    name: "4b3a6218bb3e3a7303e8a171a60fcf92.txt",
    type: "text/plain",
    fileName: "photo.txt",
    fullName: "storages.MemoryType",
    storeFullName: "storages.Mem",
  });
  expect(item.url).toMatch(/^http:\/\/localhost:3000\/storages\/services\/StorageSvc\/preview\?file=4b3a/);
  svc.now = () => start + 6000;
  await expect(svc.preview(item.name)).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  expect(await svc.sweep()).toBe(1);
  expect(await svc.getRecord(item.id)).toBeUndefined();
  await expect(svc.uploadByFile("x.txt", "x", "not-an-md5")).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
  await expect(svc.uploadByFile("x.txt", "x", undefined, undefined, undefined, 0)).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
  await expect(svc.uploadByFile("x.txt", "x", undefined, undefined, "storages.services.StorageSvc")).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
  await svc.close();
});
