import path from "node:path";
import { readFileSync, writeFileSync } from "node:fs";
import { REPO, elemental, tempApp } from "./support/elemental";

const DISK = path.join(REPO, "packages/storage-disk");

// Issue 12, defect 7: one broken e.json made every command fail, even on a healthy element.
describe("an application with one broken element", () => {
  const app = tempApp(
    { appId: "test.Neighbours", extends: [DISK] },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/Files/Files.json": { directory: "appData/files" },
      "storages/Garbled/e.json": '{ "title": "garbled", ',
      "storages/Orphan/e.json": { title: "Orphan", type: "storages.DiskTyp" },
      "hello.txt": "hello\n",
    },
  );
  afterAll(() => app.remove());
  const inApp = { cwd: app.root };

  it("works on the healthy element: put, stat, get, ls, sign, rm", async () => {
    const put = await elemental(["put", "storages.Files", "hello.txt", "greetings/hello.txt"], inApp);
    expect(put.stderr).toBe("");
    expect(put.code).toBe(0);
    const [stat, get, ls, sign] = await Promise.all([
      elemental(["stat", "storages.Files", "greetings/hello.txt", "--json"], inApp),
      elemental(["get", "storages.Files", "greetings/hello.txt", "-"], inApp),
      elemental(["ls", "storages/Files", "greetings/", "--json"], inApp),
      elemental(["sign", "storages.Files", "greetings/hello.txt"], inApp),
    ]);
    expect(JSON.parse(stat.stdout)).toMatchObject({ name: "greetings/hello.txt", size: 6 });
    expect(get).toMatchObject({ code: 0, stdout: "hello\n" });
    expect(JSON.parse(ls.stdout).count).toBe(1);
    expect(sign.code).toBe(0);
    const rm = await elemental(["rm", "storages.Files", "greetings/hello.txt"], inApp);
    expect(rm).toMatchObject({ code: 0, stderr: "" });
  });

  it("sync, cp and mv between a folder and the healthy element work too", async () => {
    writeFileSync(path.join(app.root, "hello.txt"), "hello\n");
    const cp = await elemental(["cp", "hello.txt", "storages.Files:copied/hello.txt"], inApp);
    expect(cp).toMatchObject({ code: 0 });
    const mv = await elemental(["mv", "storages.Files:copied/hello.txt", "storages.Files:moved/hello.txt"], inApp);
    expect(mv).toMatchObject({ code: 0 });
    const sync = await elemental(["sync", "storages.Files:moved/", "pulled", "--json"], inApp);
    expect(sync.code).toBe(0);
    expect(JSON.parse(sync.stdout)).toMatchObject({ files: 1, bytes: 6, failed: 0 });
    expect(readFileSync(path.join(app.root, "pulled/hello.txt"), "utf8")).toBe("hello\n");
    const rm = await elemental(["rm", "-r", "storages.Files", "moved/", "--yes"], inApp);
    expect(rm.code).toBe(0);
  });

  it("reports the broken element's own problem when it is the one named, not 'no element'", async () => {
    const [garbled, orphan] = await Promise.all([
      elemental(["put", "storages.Garbled", "hello.txt"], inApp),
      elemental(["stat", "storages.Orphan", "k"], inApp),
    ]);
    expect(garbled.code).toBe(1);
    expect(garbled.stderr).toMatch(/^error E_INVALID_JSON: storages\/Garbled\/e\.json:1:\d+: broken JSON/);
    expect(orphan.code).toBe(1);
    expect(orphan.stderr).toMatch(/^error E_UNKNOWN_TYPE: storages\/Orphan\/e\.json#\/type: "storages\.DiskTyp" is not declared/);
    expect(orphan.stderr).toContain('Did you mean "storages.DiskType"');
  });

  it("ls lists the elements it could read and names the problems on stderr, exit 1; validate lists every problem", async () => {
    const [ls, validate] = await Promise.all([elemental(["ls", "--json", "--kind", "instance"], inApp), elemental(["validate"], inApp)]);
    expect(ls.code).toBe(1);
    const listed = JSON.parse(ls.stdout);
    expect(listed.elements.map((e: { fullName: string }) => e.fullName)).toEqual(["storages.Files", "storages.Orphan"]);
    expect(listed.problems.map((p: { code: string }) => p.code)).toEqual(["E_INVALID_JSON", "E_UNKNOWN_TYPE"]);
    expect(ls.stderr).toMatch(/^error E_INVALID_JSON: storages\/Garbled\/e\.json/m);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toMatch(/^E_INVALID_JSON storages\/Garbled\/e\.json/m);
    expect(validate.stdout).toMatch(/^E_UNKNOWN_TYPE storages\/Orphan\/e\.json#\/type/m);
  });
});

// Issue 12, defects 9 and 10, as a user meets them.
describe("typos and misnamed elements", () => {
  const app = tempApp(
    { appId: "test.Typos", extends: [DISK], settings: { defaultElement: { defaultStorage: "storages.Filez" } } },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType", acessModifier: "private" },
      "storages/Files/Files.json": { directory: "appData/files" },
      "storages/ArchiveType/e.json": { title: "Archive", type: "storages.DiskType" },
      "storages/ArchiveType/ArchiveType.json": { directory: "appData/archive" },
    },
  );
  afterAll(() => app.remove());

  it("validate names the misspelled field, the default that names nothing, and the misnamed instance", async () => {
    const outcome = await elemental(["validate"], { cwd: app.root });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout.trim().split("\n")).toEqual([
      'E_UNKNOWN_FIELD storages/Files/e.json#/acessModifier: unknown field; did you mean "accessModifier"?',
      "E_KIND_CONFLICT storages/ArchiveType/e.json#: storages.ArchiveType would be a Type (it is named like a Type), but has ArchiveType.json beside its e.json, as an instance does",
      'E_ELEMENT_NOT_FOUND app.json#/settings/defaultElement/defaultStorage: "storages.Filez" is not an element of this application.',
      `3 problems in ${app.root}`,
    ]);
  });

  it("a command on the misnamed instance fails with the fix instead of 'is not a function'", async () => {
    const outcome = await elemental(["put", "storages/ArchiveType", "app.json"], { cwd: app.root });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toMatch(/^error E_KIND_CONFLICT: /);
    expect(outcome.stderr).toContain('help: An instance? Add "kind": "instance" to its e.json, or rename its folder to storages/Archive.');
    writeFileSync(path.join(app.root, "storages/ArchiveType/e.json"), JSON.stringify({ title: "Archive", type: "storages.DiskType", kind: "instance" }));
    const fixed = await elemental(["put", "storages/ArchiveType", "app.json", "--json"], { cwd: app.root });
    expect(fixed.code).toBe(0);
  });
});
