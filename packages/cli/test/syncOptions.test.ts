import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, STACK_FRAME, elemental, tempApp } from "./support/elemental";

/** sync's options and its failures, between local folders and a DiskType (no S3 needed). */
describe("sync options", () => {
  const app = tempApp(
    { appId: "test.CliSyncOptions", extends: [path.join(REPO, "packages/storage-disk")] },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/Files/Files.json": { directory: "appData/files" },
    },
  );
  const inApp = { cwd: app.root };
  const source = path.join(app.root, "source");
  const stored = (key: string) => path.join(app.root, "appData/files/site", key);
  const write = (key: string, text: string) => {
    mkdirSync(path.dirname(path.join(source, key)), { recursive: true });
    writeFileSync(path.join(source, key), text);
  };
  const sync = async (...args: string[]) => {
    const outcome = await elemental(["sync", ...args, "--json"], inApp);
    return { ...outcome, report: outcome.stdout ? JSON.parse(outcome.stdout) : undefined };
  };

  beforeAll(() => {
    write("index.html", "<h1>hi</h1>");
    write("css/site.css", "body{}");
    write("js/app.js", "console.log(1)");
    write("js/app.js.map", "{}");
    write("nested/deep/er/file.txt", "deep");
  });
  afterAll(() => app.remove());

  it("prints the plan on --dry-run and changes nothing", async () => {
    const { code, report, stderr } = await sync("source", "storages.Files:site", "--dry-run");
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(report).toMatchObject({ dryRun: true, files: 0, skipped: 0, failed: 0 });
    expect(report.planned.map((p: { key: string }) => p.key)).toEqual(["css/site.css", "index.html", "js/app.js", "js/app.js.map", "nested/deep/er/file.txt"]);
    expect(report.planned[0]).toEqual({ action: "upload", key: "css/site.css", size: 6, reason: "new" });
    expect(existsSync(path.join(app.root, "appData/files"))).toBe(false);
    const text = await elemental(["sync", "source", "storages.Files:site", "--dry-run"], inApp);
    expect(text.stdout).toContain("(dry run) upload index.html (new, 11 B)");
    expect(text.stdout).toContain("dry run: 5 files (37 B) to upload, 0 to delete, 0 unchanged");
  });

  it("leaves out --exclude globs (a glob without / matches base names in every folder)", async () => {
    const { code, report } = await sync("source", "storages.Files:site", "--exclude", "*.map", "--exclude", "nested/**");
    expect(code).toBe(0);
    expect(report).toMatchObject({ files: 3, bytes: 31, skipped: 0, failed: 0 });
    expect(existsSync(stored("js/app.js.map"))).toBe(false);
    expect(existsSync(stored("nested/deep/er/file.txt"))).toBe(false);
    expect(readFileSync(stored("js/app.js"), "utf8")).toBe("console.log(1)");
  });

  it("sends a file again when its size changes or it is newer, and only that file", async () => {
    await sync("source", "storages.Files:site");
    write("index.html", "<h1>hello</h1>"); // new size
    await new Promise((resolve) => setTimeout(resolve, 1100)); // dates are compared in whole seconds
    write("css/site.css", "body{}"); // the same bytes, written after the upload
    const { report } = await sync("source", "storages.Files:site", "--dry-run");
    expect(report.planned).toEqual([
      { action: "upload", key: "css/site.css", size: 6, reason: "newer" },
      { action: "upload", key: "index.html", size: 14, reason: "size" },
    ]);
    expect((await sync("source", "storages.Files:site")).report).toMatchObject({ files: 2, skipped: 3 });
    expect(readFileSync(stored("index.html"), "utf8")).toBe("<h1>hello</h1>");
  });

  it("deletes what the source lacks only with --delete, and never what --exclude leaves out", async () => {
    mkdirSync(path.dirname(stored("old/gone.txt")), { recursive: true });
    writeFileSync(stored("old/gone.txt"), "stale");
    expect((await sync("source", "storages.Files:site")).report).toMatchObject({ deleted: 0 });
    expect(existsSync(stored("old/gone.txt"))).toBe(true);
    const { report } = await sync("source", "storages.Files:site", "--delete", "--exclude", "*.map");
    expect(report).toMatchObject({ files: 0, deleted: 1, failed: 0 });
    expect(existsSync(stored("old/gone.txt"))).toBe(false);
    expect(existsSync(stored("js/app.js.map"))).toBe(true);
  });

  it("syncs a storage to a new folder and folder to folder, keeping dates so that a second run sends nothing", async () => {
    expect((await sync("storages.Files:site", "copy")).report).toMatchObject({ files: 5, failed: 0 });
    expect((await sync("storages.Files:site", "copy")).report).toMatchObject({ files: 0, skipped: 5 });
    // A dotted name that is no element and does not start like one is a local path.
    expect((await sync("copy", "copy.2")).report).toMatchObject({ files: 5 });
    expect((await sync("copy", "copy.2")).report).toMatchObject({ files: 0, skipped: 5 });
    expect(readFileSync(path.join(app.root, "copy.2/nested/deep/er/file.txt"), "utf8")).toBe("deep");
    expect(readdirSync(path.join(app.root, "copy.2/js")).sort()).toEqual(["app.js", "app.js.map"]); // no partial files
  });

  it("follows symbolic links, skips a link loop, and skips links with --no-follow-symlinks", async () => {
    const linked = path.join(app.root, "linked");
    mkdirSync(linked);
    writeFileSync(path.join(linked, "real.txt"), "real");
    symlinkSync(path.join(source, "js"), path.join(linked, "js"));
    symlinkSync(linked, path.join(linked, "loop"));
    symlinkSync(path.join(linked, "missing"), path.join(linked, "broken"));
    const { report } = await sync("linked", "storages.Files:linked");
    expect(report).toMatchObject({ files: 3, failed: 0 });
    expect(report.ignored).toEqual([
      { key: "broken", reason: "a broken symbolic link" },
      { key: "loop/", reason: "a symbolic link to a folder above it (a loop)" },
    ]);
    const unfollowed = (await sync("linked", "storages.Files:unfollowed", "--no-follow-symlinks")).report;
    expect(unfollowed).toMatchObject({ files: 1 });
  });

  it("exits 1 and reports each file that failed, after sending the others", async () => {
    const bad = path.join(app.root, "bad");
    mkdirSync(bad);
    writeFileSync(path.join(bad, "good.txt"), "good");
    writeFileSync(path.join(bad, "back\\slash.txt"), "a key cannot hold a backslash");
    const { code, report, stderr } = await sync("bad", "storages.Files:bad");
    expect(code).toBe(1);
    expect(report).toMatchObject({ files: 1, failed: 1, failures: [{ key: "back\\slash.txt", action: "copy", code: "E_INVALID_KEY" }] });
    expect(stderr).toMatch(/^error E_INVALID_KEY: copy back\\slash\.txt: /m);
    expect(stderr).not.toMatch(STACK_FRAME);
  });

  it("refuses bad sides and options with exit 2 or 3, and stdout holds only the JSON error", async () => {
    const [missing, typo, typoFolder, same, concurrency, prefix] = await Promise.all([
      elemental(["sync", "nowhere", "storages.Files:x", "--json"], inApp),
      elemental(["sync", "source", "storages.Filez:x", "--json"], inApp),
      elemental(["sync", "source", "storages.Filez"], inApp),
      elemental(["sync", "storages.Files:a", "storages.Files:a/"], inApp),
      elemental(["sync", "source", "storages.Files:x", "--concurrency", "0"], inApp),
      elemental(["sync", "source", "storages.Files:../up"], inApp),
    ]);
    expect([missing.code, typo.code, typoFolder.code, same.code, concurrency.code, prefix.code]).toEqual([3, 3, 3, 2, 2, 2]);
    expect(JSON.parse(missing.stdout)).toMatchObject({ error: { code: "E_FILE_NOT_FOUND" } });
    expect(JSON.parse(typo.stdout)).toMatchObject({ error: { code: "E_ELEMENT_NOT_FOUND" } });
    // Not taken for a new local folder: it starts like the application's element names.
    expect(typoFolder.stderr).toMatch(/^error E_ELEMENT_NOT_FOUND: no element "storages\.Filez".*Did you mean "storages\.Files"/);
    expect(same.stderr).toMatch(/^error E_USAGE: .* are the same place/);
    expect(concurrency.stderr).toMatch(/^error E_USAGE: --concurrency needs a whole number from 1 to 256/);
    expect(prefix.stderr).toMatch(/^error E_USAGE: .*the prefix is not valid/);
    expect(existsSync(path.join(app.root, "storages.Filez"))).toBe(false);
  });
});
