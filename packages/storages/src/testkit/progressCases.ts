import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TransferProgress } from "../types";
import type { SuiteContext } from "./context";
import { randomSource, writeRandomFile } from "./streams";

const SIZE = 1024 * 1024;
const CHUNK = 64 * 1024;

/** Checks a run of progress events: more than `minEvents`, `loaded` never going back, the last equal to `size`. */
function expectProgress(events: TransferProgress[], size: number, minEvents: number): void {
  expect(events.length).toBeGreaterThanOrEqual(minEvents);
  const loaded = events.map((event) => event.loaded);
  expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
  expect(loaded.every((value) => value >= 0 && value <= size)).toBe(true);
  expect(events.at(-1)?.loaded).toBe(size);
}

export function progressCases(ctx: SuiteContext): void {
  describe("progress", () => {
    it("uploadStream reports growing `loaded` up to the size; `total` is unknown without the size option", async () => {
      const events: TransferProgress[] = [];
      const source = randomSource(SIZE, CHUNK);
      await ctx.storage.uploadStream(ctx.key("progress/stream.bin"), source.stream, undefined, { onProgress: (p) => events.push({ ...p }) });
      expectProgress(events, SIZE, 2);
      expect(events.every((event) => event.total === undefined)).toBe(true);
    });

    it("uploadStream with the size option reports it as `total`", async () => {
      const events: TransferProgress[] = [];
      const source = randomSource(SIZE, CHUNK);
      await ctx.storage.uploadStream(ctx.key("progress/sized.bin"), source.stream, undefined, {
        size: SIZE,
        onProgress: (p) => events.push({ ...p }),
      });
      expectProgress(events, SIZE, 2);
      expect(events.every((event) => event.total === SIZE)).toBe(true);
    });

    it("uploadByPath reports `total` = the file's size on every event", async () => {
      const dir = await mkdtemp(path.join(tmpdir(), "storage-conformance-"));
      try {
        const file = path.join(dir, "progress.bin");
        await writeRandomFile(file, SIZE);
        const events: TransferProgress[] = [];
        await ctx.storage.uploadByPath(ctx.key("progress/file.bin"), file, undefined, { onProgress: (p) => events.push({ ...p }) });
        expectProgress(events, SIZE, 2);
        expect(events.every((event) => event.total === SIZE)).toBe(true);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });

    it("uploadByFile of bytes reports { loaded: size, total: size } last", async () => {
      const events: TransferProgress[] = [];
      await ctx.storage.uploadByFile(ctx.key("progress/bytes.bin"), Buffer.alloc(1000, 1), undefined, { onProgress: (p) => events.push({ ...p }) });
      expectProgress(events, 1000, 1);
      expect(events.at(-1)).toEqual({ loaded: 1000, total: 1000 });
    });
  });
}
