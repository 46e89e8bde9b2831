import { contentDisposition } from "../contentDisposition";
import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";

/** A file name that plain ASCII cannot carry, with characters RFC 8187 must percent-encode. */
export const UNICODE_FILENAME = "Résumé «final» 報告 (v2)*'.txt";

/** The file name a Content-Disposition value names: its `filename*` decoded when there is one, else `filename`. */
export function filenameOf(header: string): string | undefined {
  const extended = /filename\*\s*=\s*UTF-8''([^;\s]+)/i.exec(header);
  if (extended?.[1] !== undefined) return decodeURIComponent(extended[1]);
  return /filename\s*=\s*"((?:[^"\\]|\\.)*)"/i.exec(header)?.[1];
}

/** Download-as links: `getSignUrl(file, contentType, expires, { disposition, filename })`, fetched over HTTP. */
export function downloadAsCases(ctx: SuiteContext): void {
  const key = ctx.key("download-as/data.txt");
  const fetchHead = async (url: string): Promise<{ status: number; body: string; disposition: string | null; type: string | null }> => {
    const response = await fetch(url);
    const body = Buffer.from(await response.arrayBuffer()).toString("utf8");
    return { status: response.status, body, disposition: response.headers.get("content-disposition"), type: response.headers.get("content-type") };
  };

  describe("download-as links (getSignUrl with disposition and filename)", () => {
    beforeAll(async () => {
      await ctx.storage.uploadByFile(key, "download me", "text/plain");
    });

    capabilityCases(ctx, "signedUrls", {
      cases: [
        {
          title: "an attachment link with a Unicode file name answers Content-Disposition per RFC 6266 (ASCII fallback and filename*)",
          async run() {
            const url = await ctx.storage.getSignUrl(key, undefined, 60, { disposition: "attachment", filename: UNICODE_FILENAME });
            const response = await fetchHead(url);
            expect([response.status, response.body]).toEqual([200, "download me"]);
            expect(response.disposition).toBe(contentDisposition("attachment", UNICODE_FILENAME));
            expect(response.disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!#$&+\-.^_`|~]+$/);
            expect(filenameOf(response.disposition ?? "")).toBe(UNICODE_FILENAME);
          },
        },
        {
          title: "a filename alone means attachment; inline is kept; a content type given too is answered as well",
          async run() {
            const alone = await fetchHead(await ctx.storage.getSignUrl(key, undefined, 60, { filename: "plain name.txt" }));
            expect(alone.disposition).toBe('attachment; filename="plain name.txt"');
            const inline = await fetchHead(await ctx.storage.getSignUrl(key, "text/csv", 60, { disposition: "inline" }));
            expect([inline.status, inline.disposition, inline.type]).toEqual([200, "inline", "text/csv"]);
          },
        },
        {
          title: "the disposition is signed: a link whose file name was changed is refused with 403",
          async run() {
            const url = await ctx.storage.getSignUrl(key, undefined, 60, { filename: "report.txt" });
            const encoded = url.includes("report.txt") ? "report.txt" : "report.txt".replace(".", "%2E");
            expect(url).toContain(encoded);
            const forged = url.replace(encoded, "evil.txt");
            expect((await fetchHead(forged)).status).toBe(403);
          },
        },
      ],
      unsupportedTitle: "getSignUrl with a disposition reports E_UNSUPPORTED",
      async unsupported() {
        const asked = ctx.storage.getSignUrl(key, undefined, 60, { disposition: "attachment", filename: UNICODE_FILENAME });
        await expectStorageError(ctx.storage, asked, "E_UNSUPPORTED", { operation: "getSignUrl", key });
      },
    });

    it.each<[string, unknown]>([
      ["an unknown disposition", { disposition: "download" }],
      ["an empty filename", { filename: "" }],
      ["a filename with a control character", { filename: "a\nb.txt" }],
      ["a filename with a lone surrogate", { filename: "a\ud800.txt" }],
      ["a filename over 1024 bytes", { filename: "é".repeat(513) }],
      ["options that are not an object", "attachment"],
    ])("getSignUrl with %s fails with E_INVALID_ARGUMENT", async (_what, options) => {
      await expectStorageError(ctx.storage, ctx.storage.getSignUrl(key, undefined, 60, options as never), "E_INVALID_ARGUMENT", {
        operation: "getSignUrl",
        key,
      });
    });
  });
}
