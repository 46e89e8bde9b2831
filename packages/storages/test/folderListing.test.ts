import { cursorOf, folderPrefixOf, folderRequestOf, levelByWalking, pageOf, sliceOfLevel } from "../src/folderListing";
import type { ListEntry } from "../src/types";

const entry = (name: string): ListEntry => ({ name, size: 1, etag: undefined, lastModified: new Date(0) });

async function* walk(names: string[]): AsyncGenerator<ListEntry> {
  for (const name of names) yield entry(name);
}

describe("the walking fallback of a Type without listFolderObjects", () => {
  const keys = ["p/b.txt", "p/a/1", "p/a/2/deep", "p/a.txt", "p/😀", "p/｡", "p/c/x"];

  it("folds a walk into one level and pages it in UTF-8 byte order, resuming after the cursor's name", async () => {
    const level = await levelByWalking("p/", walk(keys));
    const first = sliceOfLevel(level, folderRequestOf("p/", { pageSize: 3 }));
    expect(first).toMatchObject({ folders: ["p/a/"], truncated: true });
    expect(first.files.map((file) => file.name)).toEqual(["p/a.txt", "p/b.txt"]);
    const page = pageOf("p/", folderRequestOf("p/", { pageSize: 3 }), first);
    const rest = sliceOfLevel(level, folderRequestOf("p/", { pageSize: 3, cursor: page.nextCursor }));
    expect(rest).toMatchObject({ folders: ["p/c/"], truncated: false });
    expect(rest.files.map((file) => file.name)).toEqual(["p/｡", "p/😀"]);
  });
});

describe("cursors", () => {
  it("name the byte-later of the page's last file and last folder", () => {
    const request = folderRequestOf("p/", { pageSize: 2 });
    const page = pageOf("p/", request, { files: [entry("p/a.txt")], folders: ["p/a/"], truncated: true });
    expect(page.nextCursor).toBe(cursorOf("p/", "p/a/")); // "/" (0x2f) sorts after "." (0x2e)
    expect(pageOf("p/", request, { files: [entry("p/a.txt")], folders: [], truncated: false }).nextCursor).toBeUndefined();
  });

  it.each([
    ["not a cursor", "abc"],
    ["another folder's cursor", cursorOf("q/", "q/x")],
    ["a forged name outside the folder", cursorOf("p/", "other")],
    ["a cursor that is not JSON", "c1.bm90IGpzb24"],
  ])("refuse %s with E_INVALID_ARGUMENT", (_label, cursor) => {
    expect(() => folderRequestOf("p/", { cursor })).toThrow(expect.objectContaining({ code: "E_INVALID_ARGUMENT" }));
  });

  it("take a folder with or without its /, and refuse a bad one with E_INVALID_KEY", () => {
    expect([folderPrefixOf(""), folderPrefixOf("a/b"), folderPrefixOf("a/b/")]).toEqual(["", "a/b/", "a/b/"]);
    expect(() => folderPrefixOf("a//b/")).toThrow(expect.objectContaining({ code: "E_INVALID_KEY" }));
  });
});
