import { existsSync } from "node:fs";
import path from "node:path";
import type { DiskStorage } from "@elemental/storage-disk";
import { serveDisk } from "@elemental/storage-disk";
import { diskStorage, removeTemps } from "./support/diskApp";

afterAll(removeTemps);

describe("DiskType lifecycle", () => {
  it("onCreate (run by `elemental new`) creates the storage's directory", async () => {
    const { app, root } = await diskStorage({ directory: "appData/storages/new-one" });
    expect(existsSync(path.join(root, "appData/storages/new-one"))).toBe(false);
    await app.runTypeHook("onCreate", "storages.Files");
    expect(existsSync(path.join(root, "appData/storages/new-one"))).toBe(true);
  });

  it("app.close() stops the servers serveDisk started, idempotently, even one already stopped", async () => {
    const { app, storage } = await diskStorage();
    const first = await serveDisk(storage);
    const second = await serveDisk(app.getElement<DiskStorage>("storages.Files"));
    await second.close();
    expect(first.server.listening).toBe(true);
    await app.close();
    await app.close();
    expect(first.server.listening).toBe(false);
    await expect(fetch(`${first.url}/storages/Files/x`)).rejects.toThrow();
  });

  it("check() writes, reads and deletes a probe under .elemental-check/", async () => {
    const { storage } = await diskStorage();
    const report = await storage.check();
    expect([report.ok, report.steps.map((step) => `${step.status} ${step.name}`)]).toEqual([
      true,
      ["ok write a probe object", "ok read it back", "ok delete it"],
    ]);
    expect((await storage.list(".elemental-check/").next()).done).toBe(true);
  });
});
