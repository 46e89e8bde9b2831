import { keyProblem, prefixProblem } from "@elemental/storages";

describe("key rules", () => {
  it.each([
    "a.txt",
    "folder/example.txt",
    "文档/报告 final.pdf",
    "emoji/😀.png",
    "spaces in names/and+plus&amp=.txt",
    "..hidden/..x/a..b",
    "%2e%2e/percent-encoding-is-literal",
    "a".repeat(1024),
  ])("accepts %j", (key) => {
    expect(keyProblem(key)).toBeUndefined();
  });

  it.each([
    ["", "empty"],
    ["/abs", "start with /"],
    ["a/../b", '".." segment'],
    ["..", '".." segment'],
    ["a/./b", '"." segment'],
    ["a//b", "empty segment"],
    ["dir/", "empty segment"],
    ["a\\b", "backslash"],
    ["..\\x", "backslash"],
    ["nul\u0000byte", "control"],
    ["tab\there", "control"],
    ["del\u007f", "control"],
    ["lone\ud800", "well-formed"],
    ["a".repeat(1025), "at most 1024"],
    ["é".repeat(513), "at most 1024"],
  ])("rejects %j (%s)", (key, reason) => {
    expect(keyProblem(key)).toContain(reason);
  });

  it("rejects keys that are not strings", () => {
    expect(keyProblem(undefined)).toContain("must be a string");
    expect(keyProblem(42)).toContain("must be a string");
  });

  it("allows the empty prefix and a trailing slash in prefixes", () => {
    expect(prefixProblem("")).toBeUndefined();
    expect(prefixProblem("folder/")).toBeUndefined();
    expect(prefixProblem("../")).toContain('".."');
  });
});
