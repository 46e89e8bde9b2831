import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { inPool } from "../pool";

export function listingCases(ctx: SuiteContext): void {
  const count = ctx.options.listingKeyCount;
  const pageSize = ctx.options.pageSizeForListing;
  const name = (i: number): string => ctx.key(`list/p/a/${String(i).padStart(5, "0")}`);
  const sizeOf = (i: number): number => i % 7;
  const siblings = [ctx.key("list/p/ab/1"), ctx.key("list/p/ab/2")];
  const all = Array.from({ length: count }, (_, i) => name(i));

  describe(`list (${count} keys under one prefix)`, () => {
    beforeAll(async () => {
      await inPool(all, ctx.options.concurrency, (key, i) => ctx.storage.uploadByFile(key, "x".repeat(sizeOf(i))));
      await inPool(siblings, 2, (key) => ctx.storage.uploadByFile(key, "sib"));
    }, ctx.options.slowTimeoutMs);

    it(
      "yields every key under the prefix across pages, once each, with its size",
      async () => {
        const sizes = new Map<string, number>();
        for await (const entry of ctx.storage.list(ctx.key("list/p/a/"))) {
          expect(sizes.has(entry.name)).toBe(false);
          sizes.set(entry.name, entry.size);
          expect(entry.lastModified).toBeInstanceOf(Date);
        }
        expect([...sizes.keys()].sort()).toEqual(all);
        for (const [i, key] of all.entries()) expect([key, sizes.get(key)]).toEqual([key, sizeOf(i)]);
      },
      ctx.options.slowTimeoutMs,
    );

    it(
      `yields the same keys with pageSize ${pageSize}`,
      async () => {
        expect(await ctx.namesUnder("list/p/a/", pageSize)).toEqual(all);
      },
      ctx.options.slowTimeoutMs,
    );

    it(
      "does not let the sibling prefix p/ab/ leak into p/a/",
      async () => {
        const names = await ctx.namesUnder("list/p/a/", pageSize);
        expect(names.filter((key) => key.startsWith(ctx.key("list/p/ab")))).toEqual([]);
        expect(await ctx.namesUnder("list/p/ab/")).toEqual(siblings);
      },
      ctx.options.slowTimeoutMs,
    );

    it(
      "treats a prefix as the start of a key, not as a folder: p/a also yields p/ab/…",
      async () => {
        expect(await ctx.namesUnder("list/p/a", pageSize)).toEqual([...all, ...siblings].sort());
      },
      ctx.options.slowTimeoutMs,
    );

    it("yields nothing for a prefix with no keys", async () => {
      expect(await ctx.namesUnder("list/nothing-here/")).toEqual([]);
    });

    it.each(["/abs/", "a/../b/", "a\\b/", "a\u0000b/"])("rejects the invalid prefix %j with E_INVALID_KEY", async (prefix) => {
      const iterate = async (): Promise<void> => {
        for await (const _entry of ctx.storage.list(prefix)) {
          // never reached
        }
      };
      await expectStorageError(ctx.storage, iterate(), "E_INVALID_KEY", { operation: "list", key: prefix });
    });
  });
}
