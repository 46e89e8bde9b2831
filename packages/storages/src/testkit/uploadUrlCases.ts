import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { fetchBytes, invalidExpires } from "./signedUrlCases";

export function uploadUrlCases(ctx: SuiteContext): void {
  const put = async (key: string, contentType: string | undefined, body: string): Promise<number> => {
    const upload = await ctx.storage.getUploadUrl(key, contentType, 600);
    return (await fetchBytes(upload.url, { method: upload.method, headers: upload.headers, body: Buffer.from(body) })).status;
  };

  describe("pre-signed uploads (getUploadUrl)", () => {
    capabilityCases(ctx, "uploadUrls", {
      cases: [
        {
          title: "returns { url, method, headers, expiresAt }; a fetch with exactly those headers uploads bytes that download returns",
          async run() {
            const key = ctx.key("upload-url/uploaded.txt");
            const before = Date.now();
            const upload = await ctx.storage.getUploadUrl(key, "text/plain", 600);
            expect(Object.keys(upload).sort()).toEqual(["expiresAt", "headers", "method", "url"]);
            expect(upload.method).toBe("PUT");
            expect(Object.values(upload.headers).every((value) => typeof value === "string")).toBe(true);
            expect(upload.expiresAt).toBeInstanceOf(Date);
            expect(Math.abs(upload.expiresAt.getTime() - (before + 600_000))).toBeLessThan(60_000);
            const response = await fetchBytes(upload.url, { method: upload.method, headers: upload.headers, body: Buffer.from("sent by fetch") });
            expect(String(response.status)).toMatch(/^2/);
            expect((await ctx.storage.download(key)).toString()).toBe("sent by fetch");
            expect((await ctx.storage.getObject(key)).contentType).toBe("text/plain");
          },
        },
        {
          title: "without a content type, the upload stores the type inferred from the key's extension",
          async run() {
            const key = ctx.key("upload-url/inferred.json");
            expect(String(await put(key, undefined, "{}"))).toMatch(/^2/);
            expect((await ctx.storage.getObject(key)).contentType).toBe("application/json");
          },
        },
        {
          title: "an upload URL with one character of its signature changed is refused with 403 and stores nothing",
          async run() {
            const key = ctx.key("upload-url/tampered.txt");
            const upload = await ctx.storage.getUploadUrl(key, "text/plain", 600);
            const tampered = ctx.options.tamperSignature(upload.url);
            const response = await fetchBytes(tampered, { method: upload.method, headers: upload.headers, body: Buffer.from("no") });
            expect(response.status).toBe(403);
            expect(await ctx.storage.exists(key)).toBe(false);
          },
        },
      ],
      unsupportedTitle: "getUploadUrl reports E_UNSUPPORTED",
      async unsupported() {
        const key = ctx.key("upload-url/unsupported.txt");
        await expectStorageError(ctx.storage, ctx.storage.getUploadUrl(key, "text/plain", 60), "E_UNSUPPORTED", { operation: "getUploadUrl", key });
        await expectStorageError(ctx.storage, ctx.storage.getUploadUrl(key), "E_UNSUPPORTED", { operation: "getUploadUrl", key });
        expect(await ctx.storage.exists(key)).toBe(false);
      },
    });

    it.each(invalidExpires)("getUploadUrl with expires = %p fails with E_INVALID_ARGUMENT", async (expires) => {
      const key = ctx.key("upload-url/bad-expires.txt");
      await expectStorageError(ctx.storage, ctx.storage.getUploadUrl(key, "text/plain", expires as number), "E_INVALID_ARGUMENT", {
        operation: "getUploadUrl",
        key,
      });
    });
  });
}
