import { expiryKey, idOf, isReserved, parseExpiryKey } from "../src/recordKeys";
import { checkSignature, parsePreviewQuery, previewQuery } from "../src/previewUrls";
import { isThumbnailOf, thumbnailName } from "../src/thumbnails";

test("expiry entries sort by time and parse back", () => {
  const id = idOf("a.txt");
  expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
  const keys = [expiryKey(10_000_000_000_000 - 1, id), expiryKey(5, id), expiryKey(1_700_000_000_000, id)];
  expect([...keys].sort().map((key) => parseExpiryKey(key)?.expireTime)).toEqual([5, 1_700_000_000_000, 9_999_999_999_999]);
  expect(isReserved(".elemental/files/x")).toBe(true);
  expect(isReserved(".elementals/x")).toBe(false);
});

test("thumbnail names follow JitAi's <stem>_<w>_<h>.<ext>", () => {
  expect(thumbnailName("dir/image.jpg", 120, 120)).toBe("dir/image_120_120.jpg");
  expect(thumbnailName("noext", 10, 20)).toBe("noext_10_20");
  expect(isThumbnailOf("dir/image.jpg", "dir/image_120_120.jpg")).toBe(true);
  expect(isThumbnailOf("dir/image.jpg", "dir/image_x_120.jpg")).toBe(false);
  expect(isThumbnailOf("dir/image.jpg", "dir/image_120_120.png")).toBe(false);
});

test("a signed preview query verifies, and any change to it does not", () => {
  const key = Buffer.from("k".repeat(32));
  const target = { kind: "previewThumbnail" as const, storage: "storages.Files", file: "a b.png", width: 120, height: 90 };
  const query = previewQuery(target, { key, expires: 2_000_000_000 });
  const parsed = parsePreviewQuery("previewThumbnail", query);
  expect(parsed.target).toEqual(target);
  expect(() => checkSignature(key, target, parsed.expires ?? "", parsed.sig ?? "", Date.now())).not.toThrow();
  expect(() => checkSignature(key, { ...target, width: 121 }, parsed.expires ?? "", parsed.sig ?? "", Date.now())).toThrow(/E_ACCESS_DENIED/);
  expect(() => checkSignature(key, target, parsed.expires ?? "", parsed.sig ?? "", 2_000_000_001_000)).toThrow(/E_ACCESS_DENIED/);
  expect(() => parsePreviewQuery("preview", "file=a&file=b")).toThrow(/E_INVALID_ARGUMENT/);
  expect(() => parsePreviewQuery("preview", "file=a&sig=x")).toThrow(/E_ACCESS_DENIED/);
});
