import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createApp } from "@elemental/core";
import { type DiskHandler, createDiskHandler } from "@elemental/storage-disk";
import { REPO, STACK_FRAME, elemental, tempApp } from "./support/elemental";

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");
const MiB = 1024 * 1024;

/**
 * The storage commands as a user runs them, one process each, against a DiskType instance scaffolded
 * with `new` in an application that extends packages/storage-disk by its absolute path. A disk handler
 * served from this process answers the signed URLs that the CLI prints.
 */
describe("storage commands on a disk storage", () => {
  const app = tempApp({ appId: "test.CliDisk", extends: [path.join(REPO, "packages/storage-disk")] });
  const work = path.join(app.root, "work");
  const inWork = { cwd: work };
  const original = randomBytes(20 * MiB);
  let server: Server;
  let origin = "";
  let handler: DiskHandler | undefined;

  beforeAll(async () => {
    mkdirSync(work);
    writeFileSync(path.join(work, "big.bin"), original);
    server = createServer((req, res) => (handler ? handler(req, res) : res.writeHead(503).end()));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    app.remove();
  });

  it("scaffolds the instance with new, and validate accepts it", async () => {
    const made = await elemental(
      ["new", "storages/Files", "--type", "storages.DiskType", "--set", "directory=appData/files", "--set", `baseUrl=${origin}`, "--json"],
      inWork,
    );
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ element: "storages.Files", type: "storages.DiskType", env: [] });
    expect(JSON.parse(readFileSync(path.join(app.root, "storages/Files/Files.json"), "utf8"))).toEqual({ directory: "appData/files", baseUrl: origin });
    const validate = await elemental(["validate"], inWork);
    expect(validate.stdout).toMatch(/^ok: \d+ elements, 1 instance config valid/);
    expect(validate.code).toBe(0);
    handler = createDiskHandler(await createApp({ root: app.root }), { storage: "storages.Files" });
  });

  it("puts a 20 MiB file, stats it, and gets it back byte for byte, to a file and to stdout", async () => {
    const put = await elemental(["put", "storages.Files", "big.bin", "data/big.bin", "--json"], inWork);
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ element: "storages.Files", name: "data/big.bin", size: original.length });

    const [stat, listing, toFile, toStdout] = await Promise.all([
      elemental(["stat", "storages.Files", "data/big.bin", "--json"], inWork),
      elemental(["ls", "storages/Files", "data/", "--json"], inWork),
      elemental(["get", "storages.Files", "data/big.bin", "copy.bin"], inWork),
      elemental(["get", "storages.Files", "data/big.bin", "-", "--json"], inWork),
    ]);
    expect(stat.code).toBe(0);
    expect(JSON.parse(stat.stdout)).toMatchObject({ name: "data/big.bin", size: original.length, contentType: "application/octet-stream" });
    expect(JSON.parse(listing.stdout)).toMatchObject({ count: 1, totalSize: original.length, objects: [{ name: "data/big.bin", size: original.length }] });
    expect(toFile.code).toBe(0);
    expect(toFile.stdout.trim()).toBe("got storages.Files:data/big.bin -> copy.bin (20.0 MiB)");
    expect(sha256(readFileSync(path.join(work, "copy.bin")))).toBe(sha256(original));
    expect(toStdout.code).toBe(0);
    expect(sha256(toStdout.bytes)).toBe(sha256(original));
    expect(JSON.parse(toStdout.stderr)).toMatchObject({ key: "data/big.bin", file: "-", size: original.length });
    expect(readdirSync(work).sort()).toEqual(["big.bin", "copy.bin"]); // no partial files left
  });

  it("signs a GET URL that the disk handler serves, and an upload URL that it accepts", async () => {
    const [signed, upload] = await Promise.all([
      elemental(["sign", "storages.Files", "data/big.bin", "--expires", "120", "--json"], inWork),
      elemental(["upload-url", "storages.Files", "notes/hello.txt", "--json"], inWork),
    ]);
    expect(signed.code).toBe(0);
    const { url, expires, expiresAt } = JSON.parse(signed.stdout);
    expect(url).toMatch(new RegExp(`^${origin}/storages/Files/data/big\\.bin\\?expires=\\d+&kid=[0-9a-f]{12}&sig=[0-9a-f]+$`));
    expect(expires).toBe(120);
    expect(Math.abs(Date.parse(expiresAt) - (Date.now() + 120_000))).toBeLessThan(30_000);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(sha256(Buffer.from(await response.arrayBuffer()))).toBe(sha256(original));
    // Change the signature's first character (to a different one: "0" stays "0" one time in 16).
    const tampered = await fetch(url.replace(/sig=(.)/, (_whole: string, first: string) => `sig=${first === "0" ? "1" : "0"}`));
    expect(tampered.status).toBe(403);

    expect(upload.code).toBe(0);
    const grant = JSON.parse(upload.stdout);
    expect(grant).toMatchObject({ method: "PUT", headers: { "Content-Type": "text/plain" } });
    const sent = await fetch(grant.url, { method: grant.method, headers: grant.headers, body: "hello from a signed upload" });
    expect(sent.status).toBeLessThan(300);
    const back = await elemental(["get", "storages.Files", "notes/hello.txt", "-"], inWork);
    expect(back.stdout).toBe("hello from a signed upload");
  });

  it("puts standard input under the key given", async () => {
    const put = await elemental(["put", "storages.Files", "-", "notes/piped.txt", "--metadata", "source=stdin", "--json"], { ...inWork, input: "piped bytes" });
    expect(put.code).toBe(0);
    expect(JSON.parse(put.stdout)).toMatchObject({ name: "notes/piped.txt", size: 11, contentType: "text/plain" });
    const stat = await elemental(["stat", "storages.Files", "notes/piped.txt"], inWork);
    expect(stat.stdout).toMatch(/^size {10}11 \(11 B\)$/m);
    expect(stat.stdout).toMatch(/^metadata {6}source=stdin$/m);
  });

  it("ls shows one folder (its sub-folders as PRE lines) with listFolder, and with -r every object under the prefix", async () => {
    const [top, notes, everything] = await Promise.all([
      elemental(["ls", "storages.Files", "--json"], inWork),
      elemental(["ls", "storages.Files", "notes"], inWork),
      elemental(["ls", "storages.Files", "-r", "--json"], inWork),
    ]);
    expect(JSON.parse(top.stdout)).toMatchObject({ count: 0, folders: ["data/", "notes/"], objects: [] });
    expect(notes.stdout.split("\n").filter(Boolean)).toEqual([
      expect.stringMatching(/^ *26 B {2}\S+Z {2}notes\/hello\.txt$/),
      expect.stringMatching(/^ *11 B {2}\S+Z {2}notes\/piped\.txt$/),
      '0 folders, 2 objects, 37 B under "notes"',
    ]);
    expect(JSON.parse(everything.stdout).objects.map((entry: { name: string }) => entry.name)).toEqual(["data/big.bin", "notes/hello.txt", "notes/piped.txt"]);
    expect(JSON.parse(everything.stdout).folders).toBeUndefined();
  });

  it("removes objects, after which stat exits 3 with E_NOT_FOUND", async () => {
    const removed = await elemental(["rm", "storages.Files", "data/big.bin", "notes/hello.txt", "notes/piped.txt", "never/was.txt", "--json"], inWork);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ deleted: ["data/big.bin", "notes/hello.txt", "notes/piped.txt"], missing: ["never/was.txt"] });
    const [stat, statJson, get] = await Promise.all([
      elemental(["stat", "storages.Files", "data/big.bin"], inWork),
      elemental(["stat", "storages.Files", "data/big.bin", "--json"], inWork),
      elemental(["get", "storages.Files", "data/big.bin", "again.bin"], inWork),
    ]);
    expect(stat.code).toBe(3);
    expect(stat.stdout).toBe("");
    expect(stat.stderr).toMatch(/^error E_NOT_FOUND: getObject\("data\/big\.bin"\) on storages\.Files \(storages\.DiskType\)/);
    expect(stat.stderr).not.toMatch(STACK_FRAME);
    expect(JSON.parse(statJson.stdout)).toMatchObject({ error: { code: "E_NOT_FOUND" } });
    expect(get.code).toBe(3);
    expect(existsSync(path.join(work, "again.bin"))).toBe(false);
  });

  it("refuses bad input with exit 2 or 3 before touching the storage", async () => {
    const [badKey, noFile, stdinWithoutKey] = await Promise.all([
      elemental(["put", "storages.Files", "big.bin", "../escape.bin"], inWork),
      elemental(["put", "storages.Files", "missing.bin"], inWork),
      elemental(["put", "storages.Files", "-"], inWork),
    ]);
    expect(badKey.code).toBe(2);
    expect(badKey.stderr).toMatch(/^error E_INVALID_KEY: /);
    expect(noFile.code).toBe(3);
    expect(noFile.stderr).toMatch(/^error E_FILE_NOT_FOUND: no file .*missing\.bin/);
    expect(stdinWithoutKey.code).toBe(2);
    for (const outcome of [badKey, noFile, stdinWithoutKey]) expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });
});
