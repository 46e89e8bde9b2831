import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { SuiteContext } from "./context";
import { digestOf, randomSource, writeRandomFile } from "./streams";

export function largeObjectCases(ctx: SuiteContext): void {
  const size = ctx.options.largeObjectBytes;
  const mib = `${(size / 1024 / 1024).toFixed(size % (1024 * 1024) === 0 ? 0 : 1)} MiB`;

  describe(`large objects (${mib})`, () => {
    it(
      `uploadStream of ${mib} of unknown length, streamed back by downloadStream, has the same SHA-256`,
      async () => {
        const key = ctx.key("large/streamed.bin");
        const source = randomSource(size);
        const result = await ctx.storage.uploadStream(key, source.stream);
        expect(result.size).toBe(size);
        expect((await ctx.storage.getObject(key)).size).toBe(size);
        expect(await digestOf(await ctx.storage.downloadStream(key))).toEqual({ sha256: source.sha256(), size });
        await ctx.storage.delete(key);
      },
      ctx.options.slowTimeoutMs,
    );

    it(
      `uploadByPath of a ${mib} file, streamed back by downloadStream, has the same SHA-256`,
      async () => {
        const dir = await mkdtemp(path.join(tmpdir(), "storage-conformance-"));
        try {
          const file = path.join(dir, "large.bin");
          const sha256 = await writeRandomFile(file, size);
          const key = ctx.key("large/from-file.bin");
          const result = await ctx.storage.uploadByPath(key, file);
          expect(result.size).toBe(size);
          expect((await ctx.storage.getObject(key)).size).toBe(size);
          expect(await digestOf(await ctx.storage.downloadStream(key))).toEqual({ sha256, size });
          await ctx.storage.delete(key);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
      },
      ctx.options.slowTimeoutMs,
    );
  });
}
