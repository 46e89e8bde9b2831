import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { digestOf, writeRandomFile } from "./streams";

/** `downloadToFile(name, path)`: the whole object, or the destination as it was; never a temporary file left behind. */
export function downloadToFileCases(ctx: SuiteContext): void {
  describe("downloadToFile", () => {
    let dir = "";
    const bytes = Buffer.from(Array.from({ length: 300_001 }, (_, i) => (i * 7) % 256));
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "storage-conformance-get-"));
      await ctx.storage.uploadByFile(ctx.key("to-file/object.bin"), bytes);
      await ctx.storage.uploadByFile(ctx.key("to-file/empty.bin"), Buffer.alloc(0));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("writes the object's bytes to the file and says how many", async () => {
      const file = path.join(dir, "object.bin");
      const result = await ctx.storage.downloadToFile(ctx.key("to-file/object.bin"), file);
      expect(result).toMatchObject({ name: ctx.key("to-file/object.bin"), size: bytes.length });
      expect((await readFile(file)).equals(bytes)).toBe(true);
      expect(await readdir(dir)).toEqual(["object.bin"]);
    });

    it("replaces an existing file whole, and writes an empty object as an empty file", async () => {
      const file = path.join(dir, "replaced.bin");
      await writeFile(file, Buffer.alloc(1_000_000, 1));
      await ctx.storage.downloadToFile(ctx.key("to-file/object.bin"), file);
      expect((await readFile(file)).equals(bytes)).toBe(true);
      const result = await ctx.storage.downloadToFile(ctx.key("to-file/empty.bin"), file);
      expect(result.size).toBe(0);
      expect((await readFile(file)).length).toBe(0);
    });

    it("a missing object fails with E_NOT_FOUND and leaves the destination as it was, with no temporary file", async () => {
      const file = path.join(dir, "kept.txt");
      await writeFile(file, "kept");
      const key = ctx.key("to-file/missing.bin");
      await expectStorageError(ctx.storage, ctx.storage.downloadToFile(key, file), "E_NOT_FOUND", { operation: "downloadToFile", key });
      expect(await readFile(file, "utf8")).toBe("kept");
      expect((await readdir(dir)).filter((name) => name.includes("kept"))).toEqual(["kept.txt"]);
    });

    it("a destination folder that does not exist fails with a StorageError and creates nothing", async () => {
      const key = ctx.key("to-file/object.bin");
      const file = path.join(dir, "no-such-folder", "object.bin");
      const error = await ctx.storage.downloadToFile(key, file).then(
        () => undefined,
        (caught: unknown) => caught,
      );
      expect(error).toMatchObject({ name: "StorageError", operation: "downloadToFile" });
      await expect(readdir(path.join(dir, "no-such-folder"))).rejects.toMatchObject({ code: "ENOENT" });
    });

    it(
      "a large object (the large-object size) arrives whole",
      async () => {
        const size = ctx.options.largeObjectBytes;
        const source = path.join(dir, "large-source.bin");
        const sha256 = await writeRandomFile(source, size);
        const key = ctx.key("to-file/large.bin");
        await ctx.storage.uploadByPath(key, source);
        const file = path.join(dir, "large.bin");
        expect((await ctx.storage.downloadToFile(key, file)).size).toBe(size);
        expect(await digestOf(createReadStream(file))).toEqual({ sha256, size });
        await ctx.storage.delete(key);
        await rm(source);
        await rm(file);
      },
      ctx.options.slowTimeoutMs,
    );
  });
}
