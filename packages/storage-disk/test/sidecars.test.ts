import { copyFileSync, existsSync, linkSync, readdirSync, renameSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { DiskStorage } from "@elemental/storage-disk";
import { diskStorage, removeTemps } from "./support/diskApp";

let storage: DiskStorage;

beforeAll(async () => {
  ({ storage } = await diskStorage());
});

afterAll(() => removeTemps());

const filesIn = (...segments: string[]): string[] => readdirSync(path.join(storage.rootDir, ...segments)).sort();
const sidecarOf = (...segments: string[]): string => {
  const name = segments.pop() as string;
  return path.join(storage.rootDir, ...segments, `.~m.${name}`);
};

async function listedEtag(key: string): Promise<string | undefined> {
  for await (const entry of storage.list(key)) if (entry.name === key) return entry.etag;
  return undefined;
}

describe("when an object has a sidecar", () => {
  it("writes none when the upload records nothing its file does not say, and describes the object from the file", async () => {
    const result = await storage.uploadByFile("alone/data.json", '{"a":1}');
    const explicit = await storage.uploadByFile("alone/page.html", "<p>", "text/html");
    expect(filesIn("alone")).toEqual(["data.json", "page.html"]);
    const info = await storage.getObject("alone/data.json");
    expect(info).toEqual({
      name: "alone/data.json",
      size: 7,
      contentType: "application/json",
      metadata: {},
      etag: result.etag,
      lastModified: info.lastModified,
    });
    expect((await storage.getObject("alone/page.html")).etag).toBe(explicit.etag);
    expect(await listedEtag("alone/data.json")).toBe(result.etag);
  });

  it.each([
    ["a content type other than the one its extension implies", "type.txt", "text/x-other", {}],
    ["metadata", "metadata.txt", undefined, { metadata: { a: "1" } }],
    ["cacheControl", "cache.txt", undefined, { cacheControl: "max-age=60" }],
    ["contentDisposition", "disposition.txt", undefined, { contentDisposition: "attachment" }],
  ])("writes one for %s, and getObject returns it all", async (_label, name, contentType, options) => {
    const result = await storage.uploadByFile(`kept/${name}`, "text", contentType, options);
    expect(existsSync(sidecarOf("kept", name))).toBe(true);
    const info = await storage.getObject(`kept/${name}`);
    expect(info).toEqual({ ...info, contentType: contentType ?? "text/plain", metadata: {}, etag: result.etag, ...options });
    expect(await listedEtag(`kept/${name}`)).toBe(result.etag);
  });
});

describe("replacing an object", () => {
  it("with one that needs no sidecar removes the old sidecar, and never reports the old metadata for the new bytes", async () => {
    const old = await storage.uploadByFile("swap/a.txt", "old!", "text/x-old", { metadata: { v: "old" }, cacheControl: "no-store" });
    const fresh = await storage.uploadByFile("swap/a.txt", "new!"); // the same size
    expect(filesIn("swap")).toEqual(["a.txt"]);
    const info = await storage.getObject("swap/a.txt");
    expect(info).toEqual({ name: "swap/a.txt", size: 4, contentType: "text/plain", metadata: {}, etag: fresh.etag, lastModified: info.lastModified });
    expect(fresh.etag).not.toBe(old.etag);
    expect((await storage.download("swap/a.txt")).toString()).toBe("new!");
  });

  it("with one that has metadata gives it a sidecar", async () => {
    await storage.uploadByFile("swap/b.txt", "old!");
    const fresh = await storage.uploadByFile("swap/b.txt", "new!", undefined, { metadata: { v: "new" } });
    expect(filesIn("swap")).toContain(".~m.b.txt");
    const info = await storage.getObject("swap/b.txt");
    expect({ contentType: info.contentType, metadata: info.metadata, etag: info.etag }).toEqual({
      contentType: "text/plain",
      metadata: { v: "new" },
      etag: fresh.etag,
    });
  });

  it("never trusts the old sidecar for the new data, even one left behind (a crash before its removal)", async () => {
    await storage.uploadByFile("stale/c.txt", "old!", "text/x-old", { metadata: { v: "old" } });
    const saved = `${sidecarOf("stale", "c.txt")}.saved`;
    copyFileSync(sidecarOf("stale", "c.txt"), saved);
    const fresh = await storage.uploadByFile("stale/c.txt", "new!"); // the same size, within milliseconds
    copyFileSync(saved, sidecarOf("stale", "c.txt")); // as if the write had died between its rename and the removal
    const other = (await createApp({ root: storage.app.root })).getElement<DiskStorage>("storages.Files");
    const plain = { contentType: "text/plain", metadata: {}, etag: fresh.etag };
    for (const reader of [storage, other]) {
      const info = await reader.getObject("stale/c.txt");
      expect({ contentType: info.contentType, metadata: info.metadata, etag: info.etag }).toEqual(plain);
      const opened = await reader.openForReading("stale/c.txt");
      expect({ contentType: opened.info.contentType, metadata: opened.info.metadata, etag: opened.info.etag }).toEqual(plain);
      await opened.close();
    }
    expect(await listedEtag("stale/c.txt")).toBe(fresh.etag);
  });

  it.each([
    ["with metadata, which the new sidecar still gives", { contentType: "text/x-old", metadata: { v: "old" } }],
    ["without a sidecar, which it is still described as", { contentType: "text/plain", metadata: {} }],
  ])("stopped between its two renames leaves the old data %s", async (_label, old) => {
    const key = `halfway/${old.contentType.replace("/", "-")}.txt`;
    const file = path.join(storage.rootDir, key);
    const { etag } = await storage.uploadByFile(key, "old!", old.contentType, { metadata: old.metadata });
    const kept = path.join(storage.app.root, "kept-old");
    linkSync(file, kept); // the same file: the same inode, size and mtime
    await storage.uploadByFile(key, "new!", "text/x-new", { metadata: { v: "new" } });
    renameSync(kept, file); // the new sidecar beside the old data, as a crash between the renames leaves them
    const info = await storage.getObject(key);
    expect({ contentType: info.contentType, metadata: info.metadata, etag: info.etag }).toEqual({ ...old, etag });
    expect((await storage.download(key)).toString()).toBe("old!");
  });

  it("by a move of an object without a sidecar leaves none of the old metadata", async () => {
    await storage.uploadByFile("over/target.txt", "target", "text/x-target", { metadata: { k: "v" } });
    const { etag } = await storage.uploadByFile("over/source.txt", "source");
    await storage.move("over/source.txt", "over/target.txt");
    expect(filesIn("over")).toEqual(["target.txt"]);
    const info = await storage.getObject("over/target.txt");
    expect({ contentType: info.contentType, metadata: info.metadata, etag: info.etag }).toEqual({ contentType: "text/plain", metadata: {}, etag });
  });
});

describe("Disk ETags", () => {
  it("change whenever the content is replaced, even by bytes of the same size in the same millisecond", async () => {
    const etags = new Set<string | undefined>();
    for (let i = 0; i < 50; i++) {
      const { etag } = await storage.uploadByFile("etags/same.bin", `version ${i % 10}`);
      expect((await storage.getObject("etags/same.bin")).etag).toBe(etag);
      etags.add(etag);
      if (i % 2 === 1) await storage.delete("etags/same.bin"); // a new file may then reuse the old one's inode
    }
    expect(etags.size).toBe(50);
  });

  it("stay the same when an object is moved, and moving to another extension keeps its content type", async () => {
    const { etag } = await storage.uploadByFile("moves/a.json", "{}");
    await storage.move("moves/a.json", "moves/b.json");
    expect(filesIn("moves")).toEqual(["b.json"]);
    expect(await storage.getObject("moves/b.json")).toMatchObject({ contentType: "application/json", etag });
    await storage.move("moves/b.json", "moves/c.bin");
    const info = await storage.getObject("moves/c.bin");
    expect({ contentType: info.contentType, metadata: info.metadata, etag: info.etag }).toEqual({ contentType: "application/json", metadata: {}, etag });
  });
});
