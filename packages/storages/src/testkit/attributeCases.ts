import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";

const CLOCK_TOLERANCE_MS = 120_000;

export function attributeCases(ctx: SuiteContext): void {
  describe("content type, metadata and object info", () => {
    it("keeps an explicit content type", async () => {
      const key = ctx.key("attrs/explicit.bin");
      const result = await ctx.storage.uploadByFile(key, "plain", "text/plain; charset=utf-8");
      expect(result.contentType).toBe("text/plain; charset=utf-8");
      expect((await ctx.storage.getObject(key)).contentType).toBe("text/plain; charset=utf-8");
    });

    it.each([
      ["data.json", "application/json"],
      ["picture.png", "image/png"],
      ["unknown.zzq9", "application/octet-stream"],
      ["no-extension", "application/octet-stream"],
    ])("infers the content type of %s from its extension when none is given: %s", async (name, expected) => {
      const key = ctx.key(`attrs/inferred/${name}`);
      expect((await ctx.storage.uploadByFile(key, "{}")).contentType).toBe(expected);
      expect((await ctx.storage.getObject(key)).contentType).toBe(expected);
    });

    it("uploadByPath infers the content type from the key's extension", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "storage-conformance-"));
      try {
        const file = path.join(dir, "payload.tmp");
        await writeFile(file, '{"a":1}');
        const key = ctx.key("attrs/from-path.json");
        expect((await ctx.storage.uploadByPath(key, file)).contentType).toBe("application/json");
        expect((await ctx.storage.getObject(key)).contentType).toBe("application/json");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("uploadByFile returns { url, name, size, etag, contentType }, and the etag getObject reports", async () => {
      const key = ctx.key("attrs/shape.txt");
      const result = await ctx.storage.uploadByFile(key, "shape", "text/plain");
      expect(Object.keys(result).sort()).toEqual(["contentType", "etag", "name", "size", "url"]);
      expect(typeof result.url === "string" && result.url.length > 0).toBe(true);
      expect(result).toMatchObject({ name: key, size: 5, contentType: "text/plain" });
      expect(typeof result.etag === "string" && result.etag.length > 0).toBe(true);
      expect((await ctx.storage.getObject(key)).etag).toBe(result.etag);
    });

    it("getObject returns name, size, contentType, etag, lastModified (close to now) and metadata", async () => {
      const key = ctx.key("attrs/info.txt");
      await ctx.storage.uploadByFile(key, "hello", "text/plain");
      const info = await ctx.storage.getObject(key);
      expect(info).toMatchObject({ name: key, size: 5, contentType: "text/plain", metadata: {} });
      expect(typeof info.etag === "string" && info.etag.length > 0).toBe(true);
      expect(info.lastModified).toBeInstanceOf(Date);
      expect(Math.abs(info.lastModified.getTime() - Date.now())).toBeLessThan(CLOCK_TOLERANCE_MS);
    });

    const metadata = { author: "alice", purpose: "conformance" };
    const cacheControl = "max-age=60";
    const contentDisposition = 'attachment; filename="report.pdf"';

    capabilityCases(ctx, "metadata", {
      cases: [
        {
          title: "keeps metadata, cacheControl and contentDisposition",
          async run() {
            const key = ctx.key("attrs/metadata.pdf");
            await ctx.storage.uploadByFile(key, "%PDF-", undefined, { metadata, cacheControl, contentDisposition });
            const info = await ctx.storage.getObject(key);
            expect(info.metadata).toEqual(metadata);
            expect(info.cacheControl).toBe(cacheControl);
            expect(info.contentDisposition).toBe(contentDisposition);
            expect(info.contentType).toBe("application/pdf");
          },
        },
      ],
      unsupportedTitle: "uploads with metadata, cacheControl or contentDisposition report E_UNSUPPORTED and store nothing",
      async unsupported() {
        const key = ctx.key("attrs/metadata.pdf");
        for (const options of [{ metadata }, { cacheControl }, { contentDisposition }]) {
          await expectStorageError(ctx.storage, ctx.storage.uploadByFile(key, "%PDF-", undefined, options), "E_UNSUPPORTED", {
            operation: "uploadByFile",
            key,
          });
        }
        expect(await ctx.storage.exists(key)).toBe(false);
      },
    });
  });
}
