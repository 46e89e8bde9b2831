import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";

export function objectCases(ctx: SuiteContext): void {
  describe("exists and delete", () => {
    it("exists is true for a stored object and false for a missing one", async () => {
      const key = ctx.key("objects/exists.txt");
      expect(await ctx.storage.exists(key)).toBe(false);
      await ctx.storage.uploadByFile(key, "here");
      expect(await ctx.storage.exists(key)).toBe(true);
    });

    it("delete removes an object and resolves { name, deleted: true }", async () => {
      const key = ctx.key("objects/deleted.txt");
      await ctx.storage.uploadByFile(key, "bye");
      expect(await ctx.storage.delete(key)).toEqual({ name: key, deleted: true });
      expect(await ctx.storage.exists(key)).toBe(false);
      await expectStorageError(ctx.storage, ctx.storage.download(key), "E_NOT_FOUND", { operation: "download", key });
    });

    it("delete of a missing key resolves { name, deleted: true }", async () => {
      const key = ctx.key("objects/never-written.txt");
      expect(await ctx.storage.delete(key)).toEqual({ name: key, deleted: true });
    });

    it("deleteMany deletes every key, missing ones included, and reports no error", async () => {
      const present = ["a", "b", "c"].map((name) => ctx.key(`objects/many/${name}.txt`));
      const missing = ["x", "y"].map((name) => ctx.key(`objects/many/${name}.txt`));
      for (const key of present) await ctx.storage.uploadByFile(key, key);
      const mixed = [present[0], missing[0], present[1], missing[1], present[2]] as string[];
      const result = await ctx.storage.deleteMany(mixed);
      expect(result.errors).toEqual([]);
      expect([...result.deleted].sort()).toEqual([...mixed].sort());
      expect(await ctx.namesUnder("objects/many/")).toEqual([]);
    });

    it("deleteMany reports an invalid key as an error and still deletes the others", async () => {
      const key = ctx.key("objects/many-invalid/kept-going.txt");
      await ctx.storage.uploadByFile(key, "x");
      const result = await ctx.storage.deleteMany([ctx.key("objects/../escape.txt"), key]);
      expect(result.deleted).toEqual([key]);
      expect(result.errors.map(({ name, error }) => [name, (error as { code?: unknown }).code])).toEqual([[ctx.key("objects/../escape.txt"), "E_INVALID_KEY"]]);
      expect(await ctx.storage.exists(key)).toBe(false);
    });
  });

  describe("copy and move", () => {
    it("copy makes a second object with the same bytes and content type, and keeps the source", async () => {
      const from = ctx.key("objects/copy/source.txt");
      const to = ctx.key("objects/copy/target.txt");
      await ctx.storage.uploadByFile(from, "copied bytes", "text/markdown");
      await ctx.storage.copy(from, to);
      expect((await ctx.storage.download(to)).toString()).toBe("copied bytes");
      expect((await ctx.storage.getObject(to)).contentType).toBe("text/markdown");
      expect((await ctx.storage.download(from)).toString()).toBe("copied bytes");
    });

    it("copy keeps metadata when the storage has the metadata capability", async () => {
      const from = ctx.key("objects/copy/with-metadata.txt");
      const to = ctx.key("objects/copy/with-metadata-copy.txt");
      const metadata = ctx.capabilities.metadata ? { owner: "bob" } : undefined;
      await ctx.storage.uploadByFile(from, "m", "text/plain", metadata ? { metadata } : {});
      await ctx.storage.copy(from, to);
      expect((await ctx.storage.getObject(to)).metadata).toEqual(metadata ?? {});
    });

    it("copy onto an existing key replaces it", async () => {
      const from = ctx.key("objects/copy/new.txt");
      const to = ctx.key("objects/copy/old.txt");
      await ctx.storage.uploadByFile(from, "new");
      await ctx.storage.uploadByFile(to, "old and longer");
      await ctx.storage.copy(from, to);
      expect((await ctx.storage.download(to)).toString()).toBe("new");
      expect((await ctx.storage.getObject(to)).size).toBe(3);
    });

    it("copy of a missing key fails with E_NOT_FOUND and creates nothing", async () => {
      const from = ctx.key("objects/copy/missing.txt");
      const to = ctx.key("objects/copy/from-missing.txt");
      await expectStorageError(ctx.storage, ctx.storage.copy(from, to), "E_NOT_FOUND", { operation: "copy", key: from });
      expect(await ctx.storage.exists(to)).toBe(false);
    });

    it("move puts the bytes under the new key and removes the source", async () => {
      const from = ctx.key("objects/move/source.txt");
      const to = ctx.key("objects/move/target.txt");
      await ctx.storage.uploadByFile(from, "moved", "text/plain");
      await ctx.storage.move(from, to);
      expect((await ctx.storage.download(to)).toString()).toBe("moved");
      expect((await ctx.storage.getObject(to)).contentType).toBe("text/plain");
      expect(await ctx.storage.exists(from)).toBe(false);
    });

    it("move onto the same key keeps the object", async () => {
      const key = ctx.key("objects/move/self.txt");
      await ctx.storage.uploadByFile(key, "stay", "text/plain");
      await ctx.storage.move(key, key);
      expect((await ctx.storage.download(key)).toString()).toBe("stay");
    });

    it("move of a missing key fails with E_NOT_FOUND and creates nothing", async () => {
      const from = ctx.key("objects/move/missing.txt");
      const to = ctx.key("objects/move/from-missing.txt");
      await expectStorageError(ctx.storage, ctx.storage.move(from, to), "E_NOT_FOUND", { operation: "move", key: from });
      expect(await ctx.storage.exists(to)).toBe(false);
    });
  });
}
