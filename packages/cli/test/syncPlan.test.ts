import type { Entry } from "../src/sync/location";
import { changeOf, checksumOf, planAll, planSync } from "../src/sync/plan";
import { excludeMatcher } from "../src/sync/exclude";

const at = (iso: string) => Date.parse(iso);
const entry = (key: string, size: number, time: string, etag?: string): Entry => ({ key, size, mtimeMs: at(time), etag });
const byKey = (...entries: Entry[]) => new Map(entries.map((e) => [e.key, e]));

describe("what sync sends", () => {
  it("sends what is missing, of another size, or newer to the second; skips the rest", () => {
    const source = byKey(
      entry("a", 1, "2026-01-01T00:00:10Z"),
      entry("b", 2, "2026-01-01T00:00:10Z"),
      entry("c", 3, "2026-01-01T00:00:11Z"),
      entry("d", 4, "2026-01-01T00:00:10.900Z"),
    );
    const destination = byKey(
      entry("b", 5, "2026-01-02T00:00:00Z"),
      entry("c", 3, "2026-01-01T00:00:10.999Z"),
      entry("d", 4, "2026-01-01T00:00:10.100Z"),
      entry("z", 1, "2026-01-01T00:00:00Z"),
    );
    const plan = planSync(source, destination);
    expect(plan.transfers.map((t) => [t.entry.key, t.reason])).toEqual([
      ["a", "new"],
      ["b", "size"],
      ["c", "newer"],
    ]);
    expect(plan.unchanged).toBe(1); // d: a later millisecond in the same second is not newer (S3 keeps seconds)
    expect(plan.extraneous.map((e) => e.key)).toEqual(["z"]);
  });

  it("lets MD5 checksums decide when both sides have one, whatever the dates", () => {
    const md5 = "0123456789abcdef0123456789abcdef";
    expect(changeOf(entry("k", 1, "2026-02-01T00:00:00Z", `"${md5}"`), entry("k", 1, "2026-01-01T00:00:00Z", md5))).toBeUndefined();
    expect(changeOf(entry("k", 1, "2025-01-01T00:00:00Z", `"${md5}"`), entry("k", 1, "2026-01-01T00:00:00Z", `"${"f".repeat(32)}"`))).toBe("checksum");
    // A multipart ETag or a DiskType ETag is no checksum: the dates decide.
    expect(changeOf(entry("k", 1, "2026-02-01T00:00:00Z", `"${md5}-3"`), entry("k", 1, "2026-01-01T00:00:00Z", md5))).toBe("newer");
  });

  it("reads an MD5 out of ETags, and nothing out of other ETags", () => {
    expect(checksumOf('"D41D8CD98F00B204E9800998ECF8427E"')).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(checksumOf('W/"d41d8cd98f00b204e9800998ecf8427e"')).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(checksumOf('"24206b-6-18ec942cc93031a0"')).toBeUndefined();
    expect(checksumOf(undefined)).toBeUndefined();
  });

  it("plans everything for cp -r and mv -r", () => {
    expect(planAll(byKey(entry("b", 1, "2026-01-01T00:00:00Z"), entry("a", 1, "2026-01-01T00:00:00Z"))).transfers.map((t) => t.entry.key)).toEqual(["a", "b"]);
  });
});

describe("--exclude", () => {
  it("matches relative keys; a glob without / also matches base names; dot files too", () => {
    const excluded = excludeMatcher(["*.map", "dist/**", ".git*"]);
    expect(["a.map", "x/y/a.map", "dist/a.js", "dist/x/y.js", ".gitignore", "sub/.gitkeep"].filter(excluded)).toHaveLength(6);
    expect(["a.js", "x/dist/a.js", "a.map.js"].filter(excluded)).toEqual([]);
    expect(excludeMatcher(undefined)("anything")).toBe(false);
  });

  it("refuses an empty glob", () => {
    expect(() => excludeMatcher([" "])).toThrow(expect.objectContaining({ code: "E_USAGE" }));
  });
});
