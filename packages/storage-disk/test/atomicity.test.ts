import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { createApp } from "@elemental/core";
import { collect, isStorageError } from "@elemental/storages";
import type { DiskStorage } from "@elemental/storage-disk";
import { diskStorage, removeTemps } from "./support/diskApp";

let storage: DiskStorage;

beforeAll(async () => {
  ({ storage } = await diskStorage());
});

afterAll(() => removeTemps());

/** The same storage element built by a second application on the same root: its own lock and caches. */
async function secondInstance(): Promise<DiskStorage> {
  const app = await createApp({ root: storage.app.root });
  return app.getElement<DiskStorage>("storages.Files");
}

const filesIn = (...segments: string[]): string[] => readdirSync(path.join(storage.rootDir, ...segments)).sort();

async function names(prefix = ""): Promise<string[]> {
  const found: string[] = [];
  for await (const entry of storage.list(prefix)) found.push(entry.name);
  return found;
}

/** A stream that yields `chunks` 64 KiB chunks, then waits until destroyed or fails with `error`. */
function stallingSource(chunks: number, error?: Error): { stream: Readable; sent: Promise<void> } {
  let produced = 0;
  let reachedEnd: () => void = () => undefined;
  const sent = new Promise<void>((resolve) => (reachedEnd = resolve));
  const stream = new Readable({
    read() {
      if (produced < chunks) {
        produced++;
        this.push(Buffer.alloc(64 * 1024, 0x62));
        return;
      }
      reachedEnd();
      if (error) setImmediate(() => this.destroy(error));
    },
  });
  return { stream, sent };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "resolved";
  } catch (error) {
    return isStorageError(error) ? error.code : String(error);
  }
}

describe("atomic writes", () => {
  it("stores an object as a file at its key's path, with a hidden sidecar beside it", async () => {
    await storage.uploadByFile("plain/file.txt", "plain bytes", "text/plain; charset=utf-8");
    expect(readFileSync(path.join(storage.rootDir, "plain", "file.txt"), "utf8")).toBe("plain bytes");
    expect(filesIn("plain")).toEqual([".~m.file.txt", "file.txt"]);
  });

  it("leaves neither an object nor a temporary file when a write is aborted mid-stream, and keeps the previous version", async () => {
    await storage.uploadByFile("abort/target.bin", "previous version", "text/plain");
    const { stream, sent } = stallingSource(8);
    const controller = new AbortController();
    const upload = storage.uploadStream("abort/target.bin", stream, "application/x-new", { signal: controller.signal });
    await sent;
    expect(filesIn("abort").some((name) => name.startsWith(".~t"))).toBe(true); // the write is under way...
    expect(await names("abort/")).toEqual(["abort/target.bin"]); // ...and its temporary file is not listed
    controller.abort();
    expect(await codeOf(upload)).toBe("E_ABORTED");
    expect(stream.destroyed).toBe(true);
    expect(filesIn("abort")).toEqual([".~m.target.bin", "target.bin"]);
    expect((await storage.download("abort/target.bin")).toString()).toBe("previous version");
    expect((await storage.getObject("abort/target.bin")).contentType).toBe("text/plain");
  });

  it("leaves nothing under the name when a new key's write is aborted", async () => {
    const { stream, sent } = stallingSource(4);
    const controller = new AbortController();
    const upload = storage.uploadStream("fresh/never.bin", stream, undefined, { signal: controller.signal });
    await sent;
    controller.abort();
    expect(await codeOf(upload)).toBe("E_ABORTED");
    expect(await storage.exists("fresh/never.bin")).toBe(false);
    expect(existsSync(path.join(storage.rootDir, "fresh")) ? filesIn("fresh") : []).toEqual([]);
  });

  it("cleans up when the source fails mid-way, and keeps the previous version", async () => {
    await storage.uploadByFile("failing/target.txt", "kept", undefined, { metadata: { version: "kept" } });
    const { stream } = stallingSource(3, new Error("the source broke"));
    const outcome = await codeOf(storage.uploadStream("failing/target.txt", stream));
    expect(outcome).not.toBe("resolved");
    expect(filesIn("failing")).toEqual([".~m.target.txt", "target.txt"]);
    expect((await storage.download("failing/target.txt")).toString()).toBe("kept");
    expect((await storage.getObject("failing/target.txt")).metadata).toEqual({ version: "kept" });
  });

  it("refuses to commit a body shorter than its announced size (E_CHECKSUM_MISMATCH) and stores nothing", async () => {
    const outcome = await codeOf(storage.uploadStream("short/body.bin", Readable.from([Buffer.alloc(50)]), undefined, { size: 100 }));
    expect(outcome).toBe("E_CHECKSUM_MISMATCH");
    expect(await storage.exists("short/body.bin")).toBe(false);
    expect(filesIn("short")).toEqual([]);
  });

  it("never lists temporary files or sidecars left behind by a crash", async () => {
    await storage.uploadByFile("crash/kept.txt", "kept");
    writeFileSync(path.join(storage.rootDir, "crash", ".~t0123456789abcdef"), "half-written");
    writeFileSync(path.join(storage.rootDir, "crash", ".~m.ghost.txt"), "{}");
    expect(await names("crash/")).toEqual(["crash/kept.txt"]);
    expect(await storage.exists("ghost.txt")).toBe(false);
  });
});

describe("the sidecar always describes the bytes it is read with", () => {
  // "sidecars": every version has its own content type, so each has a sidecar. "mixed": one writer's
  // versions need no sidecar (the type .txt implies, no metadata), the other's have metadata, so every
  // write either replaces a sidecar, removes one, or leaves none.
  it.each([
    ["the same storage", "sidecars", false],
    ["the same storage", "mixed", false],
    ["another application on the same directory (no shared lock, as another process)", "sidecars", true],
    ["another application on the same directory (no shared lock, as another process)", "mixed", true],
  ])("pairs every read with its own version's info while the key is overwritten; reader: %s; versions: %s", async (_label, mode, separate) => {
    const reader = separate ? await secondInstance() : storage;
    const key = `race/${separate ? "other" : "same"}-${mode}.txt`;
    type Expected = { contentType: string; metadata: Record<string, string>; etag: string | undefined };
    const written = new Map<string, Expected>(); // bytes -> what getObject must say alongside them
    const upload = async (bytes: string, contentType: string | undefined, metadata: Record<string, string>): Promise<void> => {
      const result = await storage.uploadByFile(key, bytes, contentType, { metadata });
      written.set(bytes, { contentType: result.contentType, metadata, etag: result.etag });
    };
    await upload("v0", "text/v0", {});
    let writing = true;
    const writers = (async () => {
      try {
        for (let round = 1; round <= 40; round++) {
          const bytes = (lane: number): string => `v${round}-${lane}${"!".repeat(round % 7)}`; // same size, same moment
          const plain = mode === "mixed";
          await Promise.all([upload(bytes(1), plain ? undefined : `text/v${round}-1`, {}), upload(bytes(2), `text/v${round}-2`, plain ? { lane: "2" } : {})]);
        }
      } finally {
        writing = false;
      }
    })();
    const seen: Array<{ bytes: string; info: object }> = [];
    while (writing) {
      const opened = await reader.openForReading(key);
      const { contentType, metadata, etag } = opened.info;
      seen.push({ bytes: (await collect(opened.stream())).toString(), info: { contentType, metadata, etag } });
    }
    await writers;
    const mismatches = seen.filter(({ bytes, info }) => JSON.stringify(info) !== JSON.stringify(written.get(bytes)));
    expect(mismatches).toEqual([]);
    expect(seen.length).toBeGreaterThan(0);
  });

  it("describes a data file changed behind the storage's back from the file alone", async () => {
    await storage.uploadByFile("changed/data.json", "{}", "application/x-original", { metadata: { a: "1" } });
    const before = await storage.getObject("changed/data.json");
    writeFileSync(path.join(storage.rootDir, "changed", "data.json"), '{"changed":true}');
    const after = await storage.getObject("changed/data.json");
    expect(after.contentType).toBe("application/json");
    expect(after.metadata).toEqual({});
    expect(after.size).toBe(16);
    expect(after.etag).not.toBe(before.etag);
  });

  it("lists and describes files put in the directory by other means", async () => {
    writeFileSync(path.join(storage.rootDir, "dropped.png"), "not really a png");
    expect(await names("dropped")).toEqual(["dropped.png"]);
    const info = await storage.getObject("dropped.png");
    expect(info).toMatchObject({ name: "dropped.png", size: 16, contentType: "image/png", metadata: {} });
    expect(info.etag).toMatch(/^"[0-9a-f]{40}"$/); // a hash of inode, size and mtime, not shaped like an MD5
  });
});

describe("deletes, copies and moves", () => {
  it("removes the data and its sidecar, and prunes the folders a delete left empty (not the root)", async () => {
    await storage.uploadByFile("deep/a/b/c.txt", "c");
    await storage.uploadByFile("deep/keep.txt", "keep", undefined, { cacheControl: "no-cache" });
    await storage.delete("deep/a/b/c.txt");
    expect(filesIn("deep")).toEqual([".~m.keep.txt", "keep.txt"]);
    await storage.delete("deep/keep.txt");
    expect(existsSync(path.join(storage.rootDir, "deep"))).toBe(false);
    expect(existsSync(storage.rootDir)).toBe(true);
  });

  it("moves an object with its metadata by renaming both files", async () => {
    await storage.uploadByFile("from/x.bin", "moving", "application/x-moving", { metadata: { k: "v" }, cacheControl: "no-cache" });
    const before = await storage.getObject("from/x.bin");
    await storage.move("from/x.bin", "to/y.bin");
    const after = await storage.getObject("to/y.bin");
    expect(after).toEqual({ ...before, name: "to/y.bin" });
    expect(existsSync(path.join(storage.rootDir, "from"))).toBe(false);
    expect(filesIn("to")).toEqual([".~m.y.bin", "y.bin"]);
  });

  it("copies an object with its metadata, and a fresh modification time and ETag", async () => {
    await storage.uploadByFile("src/x.txt", "copied", "text/x-copied", { metadata: { k: "v" }, contentDisposition: "inline" });
    await storage.copy("src/x.txt", "dst/x.txt");
    const [source, copy] = await Promise.all([storage.getObject("src/x.txt"), storage.getObject("dst/x.txt")]);
    expect({ ...copy, name: "src/x.txt", lastModified: source.lastModified, etag: source.etag }).toEqual(source);
    expect(copy.etag).not.toBe(source.etag); // a copy is a new file: Disk ETags identify files, not contents
  });
});
