import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { STACK_FRAME, elemental } from "./support/elemental";
import { type StorageApp, storageApp } from "./support/storageApp";

jest.setTimeout(120_000);

const md5 = (bytes: Buffer | string) => createHash("md5").update(bytes).digest("hex");

/** cp and mv through the real CLI: one object or a prefix, within and across a DiskType and S3, and local files. */
describe("cp and mv", () => {
  let app: StorageApp;
  let inApp: { cwd: string };
  const photo = randomBytes(300_000);
  const run = (...args: string[]) => elemental([...args, "--json"], inApp);
  const json = async (...args: string[]) => {
    const outcome = await run(...args);
    if (outcome.code !== 0) throw new Error(`exit ${outcome.code}: ${outcome.stderr}`);
    return JSON.parse(outcome.stdout);
  };
  const diskFile = (key: string) => path.join(app.root, "appData/files", key);

  beforeAll(async () => {
    app = await storageApp("cpmv");
    inApp = { cwd: app.root };
    mkdirSync(path.join(app.root, "album/2024"), { recursive: true });
    writeFileSync(path.join(app.root, "album/photo.jpg"), photo);
    for (const name of ["a.txt", "b.txt", "c.txt"]) writeFileSync(path.join(app.root, "album/2024", name), `text of ${name}`);
  });
  afterAll(() => app?.remove());

  it("copies a local file into a storage, across storages, within one, and back to a local file", async () => {
    expect(await json("cp", "album/photo.jpg", "storages.Files:photos/")).toEqual({
      source: path.join(app.root, "album/photo.jpg"),
      destination: "storages.Files:photos/photo.jpg",
      size: photo.length,
      moved: false,
    });
    await json("cp", "storages.Files:photos/photo.jpg", "storages.S3:photos/copy.jpg");
    await json("cp", "storages.S3:photos/copy.jpg", "storages.S3:photos/again.jpg");
    const stat = await json("stat", "storages.S3", "photos/again.jpg");
    expect(stat).toMatchObject({ size: photo.length, contentType: "image/jpeg", etag: `"${md5(photo)}"` });
    const text = await elemental(["cp", "storages.S3:photos/again.jpg", "back.jpg"], inApp);
    expect(text.stdout).toBe("copied storages.S3:photos/again.jpg -> back.jpg (293.0 KiB)\n");
    expect(md5(readFileSync(path.join(app.root, "back.jpg")))).toBe(md5(photo));
  });

  it("moves within a storage, across storages (the source goes), and to a local folder", async () => {
    await json("mv", "storages.Files:photos/photo.jpg", "storages.Files:moved/photo.jpg");
    expect(existsSync(diskFile("photos/photo.jpg"))).toBe(false);
    expect(md5(readFileSync(diskFile("moved/photo.jpg")))).toBe(md5(photo));
    await json("mv", "storages.Files:moved/photo.jpg", "storages.S3:moved/");
    expect(existsSync(diskFile("moved/photo.jpg"))).toBe(false);
    expect((await app.s3Objects("moved/")).get("photo.jpg")).toBe(md5(photo));
    mkdirSync(path.join(app.root, "inbox"));
    await json("mv", "storages.S3:moved/photo.jpg", "inbox");
    expect(md5(readFileSync(path.join(app.root, "inbox/photo.jpg")))).toBe(md5(photo));
    expect((await app.s3Objects("moved/")).size).toBe(0);
  });

  it("copies and moves a prefix with -r, keeping the keys below it", async () => {
    expect(await json("cp", "-r", "album", "storages.S3:album")).toMatchObject({ files: 4, failed: 0 });
    expect([...(await app.s3Objects("album/")).keys()].sort()).toEqual(["2024/a.txt", "2024/b.txt", "2024/c.txt", "photo.jpg"]);
    // cp -r sends everything, changed or not
    expect(await json("cp", "-r", "album", "storages.S3:album")).toMatchObject({ files: 4, skipped: 0 });
    expect(await json("cp", "-r", "storages.S3:album/2024", "storages.Files:years/2024")).toMatchObject({ files: 3 });
    expect(readFileSync(diskFile("years/2024/b.txt"), "utf8")).toBe("text of b.txt");
    expect(await json("mv", "-r", "storages.S3:album", "storages.S3:archive/album")).toMatchObject({ files: 4, failed: 0 });
    expect((await app.s3Objects("album/")).size).toBe(0);
    expect((await app.s3Objects("archive/album/")).get("photo.jpg")).toBe(md5(photo));
    expect(await json("mv", "-r", "storages.Files:years", "storages.S3:years")).toMatchObject({ files: 3 });
    expect(existsSync(diskFile("years/2024/a.txt"))).toBe(false);
    expect([...(await app.s3Objects("years/")).values()].sort()).toEqual(["a.txt", "b.txt", "c.txt"].map((name) => md5(`text of ${name}`)).sort());
  });

  it("refuses a prefix without -r, a missing object, and a copy onto itself", async () => {
    const [prefix, folder, missing, same, missingFile] = await Promise.all([
      run("cp", "storages.S3:archive/", "out"),
      run("cp", "album", "storages.S3:x/"),
      run("cp", "storages.S3:no/such.txt", "out.txt"),
      run("mv", "storages.S3:archive/album/photo.jpg", "storages.S3:archive/album/photo.jpg"),
      run("mv", "no-such-file.txt", "storages.S3:x/"),
    ]);
    expect([prefix.code, folder.code, missing.code, same.code, missingFile.code]).toEqual([2, 2, 3, 2, 3]);
    expect(JSON.parse(prefix.stdout).error).toMatchObject({ code: "E_USAGE", help: "add -r to copy everything under a prefix" });
    expect(JSON.parse(folder.stdout).error).toMatchObject({ code: "E_USAGE", help: "add -r to copy a folder" });
    expect(JSON.parse(missing.stdout).error).toMatchObject({ code: "E_NOT_FOUND" });
    expect(JSON.parse(same.stdout).error.message).toMatch(/are the same object/);
    expect(JSON.parse(missingFile.stdout).error).toMatchObject({ code: "E_FILE_NOT_FOUND" });
    for (const outcome of [prefix, folder, missing, same, missingFile]) expect(outcome.stderr).not.toMatch(STACK_FRAME);
    expect((await app.s3Objects("archive/album/")).get("photo.jpg")).toBe(md5(photo));
    expect(existsSync(path.join(app.root, "out.txt"))).toBe(false);
  });
});
