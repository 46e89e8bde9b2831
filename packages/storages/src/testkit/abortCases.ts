import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { endlessSlowSource } from "./streams";

export function abortCases(ctx: SuiteContext): void {
  describe("AbortSignal", () => {
    let dir = "";
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "storage-conformance-"));
      await writeFile(path.join(dir, "small.txt"), "small");
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    const aborted = (): AbortSignal => AbortSignal.abort();
    const writes: Array<[string, (key: string) => Promise<unknown>]> = [
      ["uploadByFile", (key) => ctx.storage.uploadByFile(key, "never", undefined, { signal: aborted() })],
      ["uploadStream", (key) => ctx.storage.uploadStream(key, Readable.from([Buffer.from("never")]), undefined, { signal: aborted() })],
      ["uploadByPath", (key) => ctx.storage.uploadByPath(key, path.join(dir, "small.txt"), undefined, { signal: aborted() })],
    ];

    it.each(writes)("%s with an already-aborted signal fails with E_ABORTED and writes nothing", async (operation, write) => {
      const key = ctx.key(`abort/pre-aborted-${operation}.txt`);
      await expectStorageError(ctx.storage, write(key), "E_ABORTED", { operation, key });
      expect(await ctx.storage.exists(key)).toBe(false);
    });

    it("reads and delete with an already-aborted signal fail with E_ABORTED, and delete removes nothing", async () => {
      const key = ctx.key("abort/existing.txt");
      await ctx.storage.uploadByFile(key, "still here");
      const signal = aborted();
      await expectStorageError(ctx.storage, ctx.storage.download(key, { signal }), "E_ABORTED", { operation: "download", key });
      await expectStorageError(ctx.storage, ctx.storage.downloadStream(key, { signal }), "E_ABORTED", { operation: "downloadStream", key });
      await expectStorageError(ctx.storage, ctx.storage.getObject(key, { signal }), "E_ABORTED", { operation: "getObject", key });
      await expectStorageError(ctx.storage, ctx.storage.exists(key, { signal }), "E_ABORTED", { operation: "exists", key });
      await expectStorageError(ctx.storage, ctx.storage.delete(key, { signal }), "E_ABORTED", { operation: "delete", key });
      expect(await ctx.storage.exists(key)).toBe(true);
    });

    it("a call whose signal is a timeout's (AbortSignal.timeout) fails with E_TIMEOUT", async () => {
      const key = ctx.key("abort/timed-out.txt");
      const signal = AbortSignal.timeout(1);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await expectStorageError(ctx.storage, ctx.storage.getObject(key, { signal }), "E_TIMEOUT", { operation: "getObject", key });
      await expectStorageError(ctx.storage, ctx.storage.uploadByFile(key, "never", undefined, { signal }), "E_TIMEOUT", { operation: "uploadByFile", key });
      expect(await ctx.storage.exists(key)).toBe(false);
    });

    type MidwayUpload = (key: string, source: Readable, signal: AbortSignal) => Promise<unknown>;
    const midway: Array<{ label: string; operation: string; upload: MidwayUpload }> = [
      {
        label: "uploadStream of a Node Readable",
        operation: "uploadStream",
        upload: (key, source, signal) => ctx.storage.uploadStream(key, source, undefined, { signal }),
      },
      {
        label: "uploadByFile of a web ReadableStream",
        operation: "uploadByFile",
        upload: (key, source, signal) => ctx.storage.uploadByFile(key, Readable.toWeb(source) as ReadableStream<Uint8Array>, undefined, { signal }),
      },
    ];

    it.each(midway)(
      "aborting $label mid-way fails with E_ABORTED, stops reading the source and leaves no object",
      async ({ operation, upload }) => {
        const key = ctx.key(`abort/midway-${operation}.bin`);
        const source = endlessSlowSource();
        const controller = new AbortController();
        try {
          const settled = upload(key, source.stream, controller.signal).then(
            () => "resolved",
            (error: unknown) => error,
          );
          const first = await Promise.race([source.producedAtLeast(256 * 1024).then(() => "reading"), settled]);
          expect(first).toBe("reading");
          controller.abort();
          await expectStorageError(
            ctx.storage,
            settled.then((outcome) => Promise.reject(outcome)),
            "E_ABORTED",
            { operation, key },
          );
          expect(source.stream.destroyed).toBe(true);
          expect(await ctx.storage.exists(key)).toBe(false);
        } finally {
          source.stream.destroy();
        }
      },
      60_000,
    );
  });
}
