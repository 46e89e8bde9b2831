import { Readable } from "node:stream";
import type { UploadData } from "../types";
import type { SuiteContext } from "./context";
import { bytesOf, webStreamOf } from "./streams";

const text = "héllo, 世界 😀\n";
const backing = Uint8Array.from({ length: 32 }, (_, i) => i);
const view = backing.subarray(5, 17); // a view with an offset: only bytes 5..16 may be stored
const everyByte = Buffer.from(Array.from({ length: 256 }, (_, i) => i));

/** [label, a factory for fresh data, the bytes that must come back]. */
const kinds: Array<[string, () => UploadData, Buffer]> = [
  ["a Buffer", () => Buffer.from("buffer bytes"), Buffer.from("buffer bytes")],
  ["a Uint8Array", () => new Uint8Array([1, 2, 3, 250]), Buffer.from([1, 2, 3, 250])],
  ["a Uint8Array view with an offset into a larger buffer", () => view, Buffer.from(view)],
  ["an ArrayBuffer", () => Uint8Array.from([9, 8, 7]).buffer, Buffer.from([9, 8, 7])],
  ["a UTF-8 string", () => text, Buffer.from(text, "utf8")],
  ["a Node Readable", () => Readable.from([Buffer.from("node "), Buffer.from("readable")]), Buffer.from("node readable")],
  ["a web ReadableStream", () => webStreamOf([Buffer.from("web "), Buffer.from("stream")]), Buffer.from("web stream")],
  ["an empty Buffer", () => Buffer.alloc(0), Buffer.alloc(0)],
  ["an empty string", () => "", Buffer.alloc(0)],
  ["an empty Node Readable", () => Readable.from([]), Buffer.alloc(0)],
  ["one byte", () => Buffer.from([0xff]), Buffer.from([0xff])],
  ["every byte value 0..255", () => Buffer.from(everyByte), everyByte],
];

export function roundTripCases(ctx: SuiteContext): void {
  describe("round trips of every kind of data", () => {
    it.each(kinds.map(([label, make, expected], index) => ({ label, make, expected, index })))(
      "uploadByFile of $label: download, downloadStream and getObject return the same bytes",
      async ({ make, expected, index }) => {
        const key = ctx.key(`kinds/uploadByFile-${index}.bin`);
        const result = await ctx.storage.uploadByFile(key, make());
        expect(result.size).toBe(expected.length);
        const downloaded = await ctx.storage.download(key);
        expect(Buffer.isBuffer(downloaded)).toBe(true);
        expect(downloaded).toEqual(expected);
        expect(await bytesOf(await ctx.storage.downloadStream(key))).toEqual(expected);
        expect((await ctx.storage.getObject(key)).size).toBe(expected.length);
      },
    );

    it("uploadStream of a Node Readable round-trips", async () => {
      const key = ctx.key("kinds/uploadStream-node.bin");
      const expected = Buffer.concat([everyByte, everyByte]);
      const result = await ctx.storage.uploadStream(key, Readable.from([everyByte, everyByte]));
      expect(result.size).toBe(512);
      expect(await ctx.storage.download(key)).toEqual(expected);
    });

    it("uploadStream of a web ReadableStream round-trips", async () => {
      const key = ctx.key("kinds/uploadStream-web.bin");
      const result = await ctx.storage.uploadStream(key, webStreamOf([Buffer.from("a"), Buffer.from("bc")]));
      expect(result.size).toBe(3);
      expect(await ctx.storage.download(key)).toEqual(Buffer.from("abc"));
    });

    it("uploading to an existing key replaces its bytes and size", async () => {
      const key = ctx.key("kinds/overwritten.txt");
      await ctx.storage.uploadByFile(key, "the first, longer version");
      await ctx.storage.uploadByFile(key, "second");
      expect((await ctx.storage.download(key)).toString()).toBe("second");
      expect((await ctx.storage.getObject(key)).size).toBe(6);
    });
  });
}
