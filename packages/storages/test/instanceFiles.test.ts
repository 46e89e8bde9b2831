import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { instanceFiles, writeInstanceFiles } from "@elemental/storages";

let root: string;
beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), "elemental-instance-files-"));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

test("a config file that appeared before the write is kept, and the e.json just written is removed again", () => {
  const files = instanceFiles(root, ["storages", "Raced"]);
  mkdirSync(files.dir, { recursive: true });
  writeFileSync(files.config, "{}\n");
  expect(() => writeInstanceFiles(files, { title: "Raced", type: "storages.DiskType" }, { directory: "x" })).toThrow(
    expect.objectContaining({ code: "EEXIST" }),
  );
  expect(existsSync(files.declaration)).toBe(false);
  expect(readFileSync(files.config, "utf8")).toBe("{}\n");
});

test("an existing e.json is never written over", () => {
  const files = instanceFiles(root, ["storages", "Taken"]);
  mkdirSync(files.dir, { recursive: true });
  writeFileSync(files.declaration, "mine");
  expect(() => writeInstanceFiles(files, { title: "Taken", type: "storages.DiskType" }, {})).toThrow(expect.objectContaining({ code: "EEXIST" }));
  expect([readFileSync(files.declaration, "utf8"), existsSync(files.config)]).toEqual(["mine", false]);
});
