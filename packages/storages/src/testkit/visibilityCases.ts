import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { fetchBytes } from "./signedUrlCases";

/** The status of an unsigned GET of an object's public URL (the body is read, so no connection stays open). */
async function publicStatus(ctx: SuiteContext, key: string): Promise<number> {
  return (await fetchBytes(await ctx.storage.getPublicUrl(key))).status;
}

export function visibilityCases(ctx: SuiteContext): void {
  const key = (name: string): string => ctx.key(`visibility/${name}`);

  describe("visibility (public objects, read without a signature)", () => {
    capabilityCases(ctx, "visibility", {
      cases: [
        {
          title: "a public upload is public: its public URL serves the bytes to anyone",
          async run() {
            await ctx.storage.uploadByFile(key("open.txt"), "for everyone", "text/plain", { visibility: "public" });
            expect(await ctx.storage.getVisibility(key("open.txt"))).toBe("public");
            const response = await fetchBytes(await ctx.storage.getPublicUrl(key("open.txt")));
            expect([response.status, response.body.toString()]).toEqual([200, "for everyone"]);
          },
        },
        {
          title: "an upload is private by default and with visibility private: its public URL is refused (403)",
          async run() {
            await ctx.storage.uploadByFile(key("closed.txt"), "not for you");
            await ctx.storage.uploadByFile(key("closed-too.txt"), "nor this", undefined, { visibility: "private" });
            for (const name of ["closed.txt", "closed-too.txt"]) {
              expect([name, await ctx.storage.getVisibility(key(name)), await publicStatus(ctx, key(name))]).toEqual([name, "private", 403]);
            }
          },
        },
        {
          title: "setVisibility turns an object public and back, keeping its bytes, content type and metadata",
          async run() {
            const name = key("switched.txt");
            const metadata = ctx.capabilities.metadata ? { kept: "yes" } : undefined;
            await ctx.storage.uploadByFile(name, "switch", "text/markdown", metadata ? { metadata } : {});
            const before = await ctx.storage.getObject(name);
            await ctx.storage.setVisibility(name, "public");
            expect([await ctx.storage.getVisibility(name), await publicStatus(ctx, name)]).toEqual(["public", 200]);
            await ctx.storage.setVisibility(name, "private");
            expect([await ctx.storage.getVisibility(name), await publicStatus(ctx, name)]).toEqual(["private", 403]);
            const after = await ctx.storage.getObject(name);
            expect([after.size, after.contentType, after.metadata]).toEqual([before.size, before.contentType, before.metadata]);
            expect((await ctx.storage.download(name)).toString()).toBe("switch");
          },
        },
        {
          title: "copy and move keep the visibility of their source",
          async run() {
            await ctx.storage.uploadByFile(key("kept-public.txt"), "p", "text/plain", { visibility: "public" });
            await ctx.storage.uploadByFile(key("kept-private.txt"), "q", "text/plain", { visibility: "private" });
            await ctx.storage.copy(key("kept-public.txt"), key("copy-public.txt"));
            await ctx.storage.copy(key("kept-private.txt"), key("copy-private.txt"));
            await ctx.storage.move(key("copy-public.txt"), key("moved-public.txt"));
            expect(await ctx.storage.getVisibility(key("copy-private.txt"))).toBe("private");
            expect([await ctx.storage.getVisibility(key("moved-public.txt")), await publicStatus(ctx, key("moved-public.txt"))]).toEqual(["public", 200]);
          },
        },
        {
          title: "getVisibility and setVisibility of a missing object fail with E_NOT_FOUND; a bad visibility with E_INVALID_ARGUMENT",
          async run() {
            const missing = key("missing.txt");
            await expectStorageError(ctx.storage, ctx.storage.getVisibility(missing), "E_NOT_FOUND", { operation: "getVisibility", key: missing });
            await expectStorageError(ctx.storage, ctx.storage.setVisibility(missing, "public"), "E_NOT_FOUND", { operation: "setVisibility", key: missing });
            expect(await ctx.storage.exists(missing)).toBe(false);
            const bad = "world-readable" as "public";
            await expectStorageError(ctx.storage, ctx.storage.setVisibility(missing, bad), "E_INVALID_ARGUMENT", { operation: "setVisibility", key: missing });
            await expectStorageError(ctx.storage, ctx.storage.uploadByFile(missing, "x", undefined, { visibility: bad }), "E_INVALID_ARGUMENT", {
              operation: "uploadByFile",
              key: missing,
            });
          },
        },
      ],
      unsupportedTitle: "visibility on upload, getVisibility, setVisibility and getPublicUrl report E_UNSUPPORTED, and the upload stores nothing",
      async unsupported() {
        const stored = key("stored.txt");
        await ctx.storage.uploadByFile(stored, "here");
        const refused = key("refused.txt");
        await expectStorageError(ctx.storage, ctx.storage.uploadByFile(refused, "x", undefined, { visibility: "public" }), "E_UNSUPPORTED", {
          operation: "uploadByFile",
          key: refused,
        });
        expect(await ctx.storage.exists(refused)).toBe(false);
        await expectStorageError(ctx.storage, ctx.storage.getVisibility(stored), "E_UNSUPPORTED", { operation: "getVisibility", key: stored });
        await expectStorageError(ctx.storage, ctx.storage.setVisibility(stored, "public"), "E_UNSUPPORTED", { operation: "setVisibility", key: stored });
        await expectStorageError(ctx.storage, ctx.storage.getPublicUrl(stored), "E_UNSUPPORTED", { operation: "getPublicUrl", key: stored });
      },
    });
  });
}
