import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { MAX_KEY_BYTES } from "../keys";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import type { AnyStorage } from "./options";

type Call = (storage: AnyStorage, badKey: string, goodKey: string, file: string) => Promise<unknown>;

/** Every public method that takes a key, with the key under test in the position named by the label. */
const calls: Array<{ label: string; operation: string; call: Call }> = [
  { label: "uploadByFile", operation: "uploadByFile", call: (s, k) => s.uploadByFile(k, "x") },
  { label: "uploadStream", operation: "uploadStream", call: (s, k) => s.uploadStream(k, Readable.from([Buffer.from("x")])) },
  { label: "uploadByPath", operation: "uploadByPath", call: (s, k, _g, file) => s.uploadByPath(k, file) },
  { label: "download", operation: "download", call: (s, k) => s.download(k) },
  { label: "downloadStream", operation: "downloadStream", call: (s, k) => s.downloadStream(k) },
  { label: "getObject", operation: "getObject", call: (s, k) => s.getObject(k) },
  { label: "exists", operation: "exists", call: (s, k) => s.exists(k) },
  { label: "delete", operation: "delete", call: (s, k) => s.delete(k) },
  { label: "getSignUrl", operation: "getSignUrl", call: (s, k) => s.getSignUrl(k, "text/plain", 60) },
  { label: "getUploadUrl", operation: "getUploadUrl", call: (s, k) => s.getUploadUrl(k, "text/plain", 60) },
  { label: "copy (from)", operation: "copy", call: (s, k, g) => s.copy(k, g) },
  { label: "copy (to)", operation: "copy", call: (s, k, g) => s.copy(g, k) },
  { label: "move (from)", operation: "move", call: (s, k, g) => s.move(k, g) },
  { label: "move (to)", operation: "move", call: (s, k, g) => s.move(g, k) },
];

export function invalidKeyCases(ctx: SuiteContext): void {
  const inside = ctx.key("badkeys/");
  // Every bad key but the empty one sits under the run's prefix, so an object wrongly created is found.
  const badKeys: Array<[string, string]> = [
    ["the empty key", ""],
    ["a leading /", `/${inside}abs`],
    ["a .. segment", `${inside}a/../b`],
    ["a backslash", `${inside}a\\b`],
    ["a NUL character", `${inside}a\u0000b`],
    [`${MAX_KEY_BYTES + 1} UTF-8 bytes`, inside + "k".repeat(MAX_KEY_BYTES + 1 - Buffer.byteLength(inside))],
  ];

  describe("invalid keys", () => {
    let dir = "";
    let file = "";
    const goodKey = ctx.key("badkeys-source/good.txt");
    beforeAll(async () => {
      dir = await mkdtemp(path.join(tmpdir(), "storage-conformance-"));
      file = path.join(dir, "payload.txt");
      await writeFile(file, "x");
      await ctx.storage.uploadByFile(goodKey, "the valid side");
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it.each(calls)("$label rejects every invalid key with E_INVALID_KEY naming that key", async ({ operation, call }) => {
      for (const [, bad] of badKeys) {
        await expectStorageError(ctx.storage, call(ctx.storage, bad, goodKey, file), "E_INVALID_KEY", { operation, key: bad });
      }
      expect((await ctx.storage.download(goodKey)).toString()).toBe("the valid side");
    });

    it("no object was created by any of those calls", async () => {
      expect(await ctx.namesUnder("badkeys/")).toEqual([]);
      expect(await ctx.storage.exists(`${inside}abs`)).toBe(false);
      expect(await ctx.storage.exists(`${inside}b`)).toBe(false);
    });

    it(`the longest valid key (${MAX_KEY_BYTES} UTF-8 bytes, in segments of at most 100) is accepted`, async () => {
      const longest = longestKey(ctx.key("longest/"));
      expect(Buffer.byteLength(longest)).toBe(MAX_KEY_BYTES);
      await ctx.storage.uploadByFile(longest, "long");
      expect((await ctx.storage.download(longest)).toString()).toBe("long");
    });
  });
}

/** A key of exactly MAX_KEY_BYTES: the prefix, then segments of at most 100 bytes (file systems cap a name at 255). */
function longestKey(prefix: string): string {
  let key = prefix;
  while (Buffer.byteLength(key) < MAX_KEY_BYTES) {
    const room = MAX_KEY_BYTES - Buffer.byteLength(key);
    key += room > 100 ? `${"k".repeat(99)}/` : "k".repeat(room);
  }
  return key;
}
