import type { Readable } from "node:stream";
import type { UploadData } from "../types";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";

export function errorCases(ctx: SuiteContext): void {
  describe("missing objects", () => {
    const missingKeys: Array<[string, string]> = [
      ["a key never written", "missing/nothing.txt"],
      ["a key that is only a prefix of stored keys", "missing/folder"],
      ["a key below a stored object", "missing/folder/file.txt/child"],
    ];
    beforeAll(async () => {
      await ctx.storage.uploadByFile(ctx.key("missing/folder/file.txt"), "present");
    });

    it.each(missingKeys)("%s: download, downloadStream and getObject fail with E_NOT_FOUND; exists is false", async (_label, relative) => {
      const key = ctx.key(relative);
      await expectStorageError(ctx.storage, ctx.storage.download(key), "E_NOT_FOUND", { operation: "download", key });
      await expectStorageError(ctx.storage, ctx.storage.downloadStream(key), "E_NOT_FOUND", { operation: "downloadStream", key });
      await expectStorageError(ctx.storage, ctx.storage.getObject(key), "E_NOT_FOUND", { operation: "getObject", key });
      expect(await ctx.storage.exists(key)).toBe(false);
      expect(await ctx.storage.delete(key)).toEqual({ name: key, deleted: true });
      expect((await ctx.storage.download(ctx.key("missing/folder/file.txt"))).toString()).toBe("present");
    });
  });

  describe("data of the wrong type", () => {
    const wrong: Array<[string, unknown]> = [
      ["a number", 42],
      ["a plain object", { bytes: "no" }],
      ["null", null],
      ["undefined", undefined],
      ["a boolean", true],
    ];

    it.each(wrong)("uploadByFile of %s fails with E_INVALID_ARGUMENT and stores nothing", async (label, data) => {
      const key = ctx.key(`wrong-type/${label.replace(/ /g, "-")}.bin`);
      await expectStorageError(ctx.storage, ctx.storage.uploadByFile(key, data as UploadData), "E_INVALID_ARGUMENT", { operation: "uploadByFile", key });
      expect(await ctx.storage.exists(key)).toBe(false);
    });

    it("uploadStream of something that is not a stream fails with E_INVALID_ARGUMENT", async () => {
      const key = ctx.key("wrong-type/not-a-stream.bin");
      await expectStorageError(ctx.storage, ctx.storage.uploadStream(key, 42 as unknown as Readable), "E_INVALID_ARGUMENT", { operation: "uploadStream", key });
      expect(await ctx.storage.exists(key)).toBe(false);
    });
  });
}
