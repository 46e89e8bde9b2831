import type { SuiteContext } from "./context";

/** Keys that break naive URL or path handling; every one is valid and must round-trip unchanged. */
export const awkwardKeys = [
  "文档/报告 final.pdf",
  "spaces/a b  c.txt",
  "plus/a+b+c.txt",
  "percent/100% done.txt",
  "percent/%2F%20%41 literal.txt",
  "hash/c#sharp.txt",
  "question/what?.txt",
  "ampersand/a&b=c.txt",
  "emoji/😀 smile.txt",
  "accents/é ü ß ø/ñ.txt",
  "dots/..hidden/a..b.txt",
];

export function keyNameCases(ctx: SuiteContext): void {
  describe("Unicode and special characters in keys", () => {
    it.each(awkwardKeys)("%s round-trips: uploadByFile, download, getObject, exists, delete", async (relative) => {
      const key = ctx.key(`names/${relative}`);
      const result = await ctx.storage.uploadByFile(key, `content of ${relative}`);
      expect(result.name).toBe(key);
      expect((await ctx.storage.download(key)).toString("utf8")).toBe(`content of ${relative}`);
      expect((await ctx.storage.getObject(key)).name).toBe(key);
      expect(await ctx.storage.exists(key)).toBe(true);
    });

    it("list returns every such key exactly as it was written", async () => {
      const expected = awkwardKeys.map((relative) => ctx.key(`names/${relative}`)).sort();
      expect(await ctx.namesUnder("names/")).toEqual(expected);
    });

    it("delete removes every such key", async () => {
      for (const relative of awkwardKeys) {
        const key = ctx.key(`names/${relative}`);
        expect(await ctx.storage.delete(key)).toEqual({ name: key, deleted: true });
        expect(await ctx.storage.exists(key)).toBe(false);
      }
      expect(await ctx.namesUnder("names/")).toEqual([]);
    });
  });
}
