import { readFileSync } from "node:fs";
import path from "node:path";
import { REPO, elemental, tempApp } from "./support/elemental";

const DISK = path.join(REPO, "packages/storage-disk");
const BOM = "\uFEFF";
const BINARY = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe]);

// Issue 12, defect 11: the smaller stumbles.
describe("small stumbles", () => {
  const app = tempApp(
    { appId: "test.Small", extends: [DISK] },
    {
      "storages/Files/e.json": `${BOM}${JSON.stringify({ title: "Files", type: "storages.DiskType" })}`,
      "storages/Files/Files.json": `${BOM}${JSON.stringify({ directory: "appData/files" })}`,
      "note.txt": "just text\n",
    },
  );
  afterAll(() => app.remove());
  const inApp = { cwd: app.root };

  it("a UTF-8 byte order mark in e.json and a config is fine, and one instance config is singular", async () => {
    const outcome = await elemental(["validate"], inApp);
    expect(outcome.code).toBe(0);
    expect(outcome.stdout).toMatch(/^ok: \d+ elements, 1 instance config valid \(/);
  });

  it("rm says which keys were deleted and which were not there", async () => {
    await elemental(["put", "storages.Files", "note.txt", "here.txt"], inApp);
    const [text, json] = await Promise.all([
      elemental(["rm", "storages.Files", "here.txt", "never-was.txt"], inApp),
      elemental(["rm", "storages.Files", "not-either.txt", "--json"], inApp),
    ]);
    expect(text.code).toBe(0);
    expect(text.stdout.trim().split("\n")).toEqual(["deleted storages.Files:here.txt", "not there: storages.Files:never-was.txt (nothing to delete)"]);
    expect(JSON.parse(json.stdout)).toEqual({ element: "storages.Files", deleted: [], missing: ["not-either.txt"], errors: [] });
  });

  it("ls --kind with an element is a usage error, not ignored", async () => {
    const outcome = await elemental(["ls", "storages.Files", "--kind", "instance"], inApp);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^error E_USAGE: --kind filters the list of elements; with an element, ls lists its objects/);
  });

  it("get ... - refuses to write binary bytes to a terminal unless --force; text and pipes are fine", async () => {
    await Promise.all([
      elemental(["put", "storages.Files", "-", "image.png"], { ...inApp, input: BINARY }),
      elemental(["put", "storages.Files", "note.txt"], inApp),
    ]);
    const [refused, forced, text, piped] = await Promise.all([
      elemental(["get", "storages.Files", "image.png", "-"], { ...inApp, tty: true }),
      elemental(["get", "storages.Files", "image.png", "-", "--force"], { ...inApp, tty: true }),
      elemental(["get", "storages.Files", "note.txt", "-"], { ...inApp, tty: true }),
      elemental(["get", "storages.Files", "image.png", "-"], inApp),
    ]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toMatch(/^error E_USAGE: image\.png looks binary and standard output is a terminal/);
    expect(refused.stdout).toContain("--force");
    expect(refused.bytes.includes(0)).toBe(false);
    expect(forced.code).toBe(0);
    expect(forced.bytes.includes(Buffer.from([0x00, 0x00, 0x00]))).toBe(true);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain("just text");
    expect(piped.code).toBe(0);
    expect(piped.bytes.equals(BINARY)).toBe(true);
  });

  it("the CLI README has no leftover section for the root README", () => {
    const readme = readFileSync(path.join(REPO, "packages/cli/README.md"), "utf8");
    expect(readme).not.toMatch(/For the root README/);
    expect(readme).not.toMatch(/^## CLI$/m);
  });
});
