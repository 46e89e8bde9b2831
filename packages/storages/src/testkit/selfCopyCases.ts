import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";

export function selfCopyCases(ctx: SuiteContext): void {
  describe("copy onto itself", () => {
    it("copy(a, a) changes nothing: the same bytes, content type, metadata and ETag", async () => {
      const key = ctx.key("self-copy/a.txt");
      const metadata = ctx.capabilities.metadata ? { kept: "yes" } : undefined;
      await ctx.storage.uploadByFile(key, "itself", "text/markdown", metadata ? { metadata } : {});
      const before = await ctx.storage.getObject(key);
      await ctx.storage.copy(key, key);
      const after = await ctx.storage.getObject(key);
      expect({ ...after, lastModified: undefined }).toEqual({ ...before, lastModified: undefined });
      expect((await ctx.storage.download(key)).toString()).toBe("itself");
    });

    it("copy(missing, missing) fails with E_NOT_FOUND and creates nothing", async () => {
      const key = ctx.key("self-copy/missing.txt");
      await expectStorageError(ctx.storage, ctx.storage.copy(key, key), "E_NOT_FOUND", { operation: "copy", key });
      expect(await ctx.storage.exists(key)).toBe(false);
    });
  });
}
