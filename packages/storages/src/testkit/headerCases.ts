import { gzipSync } from "node:zlib";
import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";

/** HTTP dates carry whole seconds. */
const expires = new Date("2031-02-03T04:05:06.000Z");
const headers = {
  cacheControl: "public, max-age=300",
  contentDisposition: 'inline; filename="notes.txt"',
  contentEncoding: "gzip",
  contentLanguage: "fr-CA",
  expires,
  metadata: { owner: "carol" },
};

/** The attributes getObject reports, as the upload set them. */
function attributesOf(info: Record<string, unknown>): Record<string, unknown> {
  const { cacheControl, contentDisposition, contentEncoding, contentLanguage, metadata, contentType } = info;
  return {
    cacheControl,
    contentDisposition,
    contentEncoding,
    contentLanguage,
    metadata,
    contentType,
    expires: (info.expires as Date | undefined)?.toISOString(),
  };
}

export function headerCases(ctx: SuiteContext): void {
  const body = gzipSync("bonjour");
  const expected = { ...headers, contentType: "text/plain", expires: expires.toISOString() };

  describe("HTTP headers kept with an object (contentEncoding, contentLanguage, expires)", () => {
    capabilityCases(ctx, "metadata", {
      cases: [
        {
          title: "getObject returns them as uploaded, the bytes stay as sent, and copy and move keep them",
          async run() {
            const [source, copied, moved] = ["source.txt", "copied.txt", "moved.txt"].map((name) => ctx.key(`headers/${name}`)) as [string, string, string];
            await ctx.storage.uploadByFile(source, body, "text/plain", headers);
            expect(attributesOf({ ...(await ctx.storage.getObject(source)) })).toEqual(expected);
            expect(await ctx.storage.download(source)).toEqual(body);
            await ctx.storage.copy(source, copied);
            expect(attributesOf({ ...(await ctx.storage.getObject(copied)) })).toEqual(expected);
            await ctx.storage.move(copied, moved);
            expect(attributesOf({ ...(await ctx.storage.getObject(moved)) })).toEqual(expected);
            expect(await ctx.storage.download(moved)).toEqual(body);
          },
        },
        {
          title: "an object uploaded without them reports none",
          async run() {
            const key = ctx.key("headers/plain.txt");
            await ctx.storage.uploadByFile(key, "plain");
            const info = await ctx.storage.getObject(key);
            expect([info.contentEncoding, info.contentLanguage, info.expires]).toEqual([undefined, undefined, undefined]);
          },
        },
      ],
      unsupportedTitle: "uploads with contentEncoding, contentLanguage or expires report E_UNSUPPORTED and store nothing",
      async unsupported() {
        const key = ctx.key("headers/refused.txt");
        for (const options of [{ contentEncoding: "gzip" }, { contentLanguage: "fr" }, { expires }]) {
          await expectStorageError(ctx.storage, ctx.storage.uploadByFile(key, body, "text/plain", options), "E_UNSUPPORTED", {
            operation: "uploadByFile",
            key,
          });
        }
        expect(await ctx.storage.exists(key)).toBe(false);
      },
    });

    it.each([
      ["an invalid Date", { expires: new Date(Number.NaN) }],
      ["a string for expires", { expires: "tomorrow" as unknown as Date }],
      ["a control character in contentLanguage", { contentLanguage: "fr\nen" }],
    ])("rejects %s with E_INVALID_ARGUMENT, before anything is stored", async (_label, options) => {
      const key = ctx.key("headers/invalid.txt");
      await expectStorageError(ctx.storage, ctx.storage.uploadByFile(key, "x", "text/plain", options), "E_INVALID_ARGUMENT", {
        operation: "uploadByFile",
        key,
      });
      expect(await ctx.storage.exists(key)).toBe(false);
    });
  });
}
