import type { SuiteContext } from "./context";

/** The first case: what the storage says about itself. */
export function declarationCases(ctx: SuiteContext): void {
  describe("the storage", () => {
    declares(ctx);
  });
}

function declares(ctx: SuiteContext): void {
  it("declares its storage Type, its element name and all four capabilities", () => {
    expect(typeof ctx.storage.storageType === "string" && ctx.storage.storageType.length > 0).toBe(true);
    expect(typeof ctx.storage.fullName === "string" && ctx.storage.fullName.length > 0).toBe(true);
    const declared = ctx.storage.capabilities;
    for (const capability of ["signedUrls", "uploadUrls", "metadata", "ranges"] as const) {
      expect([capability, typeof declared[capability]]).toEqual([capability, "boolean"]);
    }
    // Declared by Types that know it; absent means false.
    expect(["visibility", typeof (declared.visibility ?? false)]).toEqual(["visibility", "boolean"]);
  });
}

/** The last case: the suite removes what it wrote, through the public API, and nothing is left. */
export function cleanupCases(ctx: SuiteContext): void {
  describe("cleanup", () => {
    it(
      "deleting everything under the run's prefix leaves list() empty",
      async () => {
        await ctx.removeEverything();
        expect(await ctx.namesUnder("")).toEqual([]);
      },
      ctx.options.slowTimeoutMs,
    );
  });
}
