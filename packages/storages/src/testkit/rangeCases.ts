import type { ByteRange } from "../types";
import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { bytesOf } from "./streams";

const SIZE = 1000;
const bytes = Buffer.from(Array.from({ length: SIZE }, (_, i) => i % 251));

const invalidRanges: Array<[string, ByteRange]> = [
  ["end before start", { start: 5, end: 4 }],
  ["a negative start", { start: -1 }],
  ["a fractional start", { start: 1.5 }],
  ["a NaN start", { start: Number.NaN }],
  ["a fractional end", { start: 0, end: 2.5 }],
];

export function rangeCases(ctx: SuiteContext): void {
  const key = ctx.key("ranges/thousand.bin");
  const read = async (range: ByteRange): Promise<Buffer> => bytesOf(await ctx.storage.downloadStream(key, { range }));

  describe("byte ranges of downloadStream", () => {
    beforeAll(async () => {
      await ctx.storage.uploadByFile(key, bytes);
    });

    capabilityCases(ctx, "ranges", {
      cases: [
        {
          title: "returns inclusive ranges: a middle slice, an open end, the last byte, the first byte, an end past the last byte",
          async run() {
            expect(await read({ start: 10, end: 19 })).toEqual(bytes.subarray(10, 20));
            expect(await read({ start: 990 })).toEqual(bytes.subarray(990));
            expect(await read({ start: SIZE - 1, end: SIZE - 1 })).toEqual(bytes.subarray(SIZE - 1));
            expect(await read({ start: SIZE - 1 })).toEqual(bytes.subarray(SIZE - 1));
            expect(await read({ start: 0, end: 0 })).toEqual(bytes.subarray(0, 1));
            expect(await read({ start: 995, end: 5000 })).toEqual(bytes.subarray(995));
          },
        },
        {
          title: "a range that starts past the last byte fails with E_INVALID_ARGUMENT",
          async run() {
            await expectStorageError(ctx.storage, read({ start: SIZE }), "E_INVALID_ARGUMENT", { operation: "downloadStream", key });
          },
        },
      ],
      unsupportedTitle: "a range reports E_UNSUPPORTED",
      async unsupported() {
        await expectStorageError(ctx.storage, read({ start: 0, end: 9 }), "E_UNSUPPORTED", { operation: "downloadStream", key });
      },
    });

    it.each(invalidRanges)("a range with %s fails with E_INVALID_ARGUMENT", async (_label, range) => {
      await expectStorageError(ctx.storage, ctx.storage.downloadStream(key, { range }), "E_INVALID_ARGUMENT", { operation: "downloadStream", key });
    });
  });
}
