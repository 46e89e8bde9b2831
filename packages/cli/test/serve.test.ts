import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, STACK_FRAME, elemental, tempApp } from "./support/elemental";
import { type Running, freePort, startElemental } from "./support/spawnElemental";

jest.setTimeout(60_000);

/**
 * `elemental serve` as a user runs it: it listens where the storage's baseUrl points, so that the URLs that
 * `sign` and `upload-url` print in other processes are served; Ctrl-C (SIGINT) and SIGTERM stop it cleanly.
 */
describe("serve", () => {
  const app = tempApp(
    { appId: "test.CliServe", extends: [path.join(REPO, "packages/storage-disk")] },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/Other/e.json": { title: "Other", type: "storages.DiskType" },
      "storages/Other/Other.json": { directory: "appData/other", baseUrl: "https://files.example.com" },
      "storages/Memory/e.json": { title: "Memory", type: "storages.MemoryType" },
      "storages/Memory/Memory.json": {},
    },
  );
  const inApp = { cwd: app.root };
  const photo = randomBytes(100_000);
  let port = 0;
  let server: Running;

  beforeAll(async () => {
    port = await freePort();
    writeFileSync(path.join(app.root, "storages/Files/Files.json"), JSON.stringify({ directory: "appData/files", baseUrl: `http://localhost:${port}` }));
    writeFileSync(path.join(app.root, "photo.jpg"), photo);
    expect((await elemental(["put", "storages.Files", "photo.jpg", "album/photo.jpg"], inApp)).code).toBe(0);
    server = startElemental(["serve", "storages.Files"], inApp);
    await server.waitFor(/^serving on /m);
  });
  afterAll(() => {
    server?.child.kill("SIGKILL");
    app.remove();
  });

  it("listens on the port of the storage's baseUrl and says where", () => {
    expect(server.stdout()).toBe(`serving on http://127.0.0.1:${port} (Ctrl-C to stop)\n  storages.Files  http://127.0.0.1:${port}/storages/Files/\n`);
  });

  it("serves the URL that `sign` prints", async () => {
    const signed = await elemental(["sign", "storages.Files", "album/photo.jpg"], inApp);
    expect(signed.stdout).toMatch(new RegExp(`^http://localhost:${port}/storages/Files/album/photo\\.jpg\\?`));
    const response = await fetch(signed.stdout.trim());
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("image/jpeg");
    expect(Buffer.from(await response.arrayBuffer()).equals(photo)).toBe(true);
    const unsigned = await fetch(`http://127.0.0.1:${port}/storages/Files/album/photo.jpg`);
    expect(unsigned.status).toBe(403);
    expect(await unsigned.json()).toEqual({ code: "E_ACCESS_DENIED", message: "Forbidden" });
  });

  it("accepts a PUT to the URL that `upload-url` prints", async () => {
    const grant = JSON.parse((await elemental(["upload-url", "storages.Files", "inbox/note.txt", "--json"], inApp)).stdout);
    const sent = await fetch(grant.url, { method: grant.method, headers: grant.headers, body: "sent through serve" });
    expect(sent.status).toBe(200);
    const back = await elemental(["get", "storages.Files", "inbox/note.txt", "-"], inApp);
    expect(back.stdout).toBe("sent through serve");
  });

  it("answers 404 outside the storages' paths, and logs each request on stderr", async () => {
    const response = await fetch(`http://127.0.0.1:${port}/elsewhere`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ code: "E_NOT_FOUND" }); // the server's error body: a code only
    expect(server.stderr()).toMatch(/^GET \/storages\/Files\/album\/photo\.jpg 200 \d+ ms$/m);
    expect(server.stderr()).toMatch(/^PUT \/storages\/Files\/inbox\/note\.txt 200 \d+ ms$/m);
  });

  it("stops on SIGINT with exit 0, and then nothing listens", async () => {
    server.child.kill("SIGINT");
    const stopped = await server.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/^stopped \(SIGINT\) after 4 requests$/m);
    await expect(fetch(`http://127.0.0.1:${port}/elsewhere`)).rejects.toThrow();
  });

  it("prints one JSON document with --json, warns when the baseUrl does not lead to it, and stops on SIGTERM", async () => {
    const running = startElemental(["serve", "storages.Files", "--port", "0", "--json"], inApp);
    const started = JSON.parse((await running.waitFor(/^\{[\s\S]*\n\}\n/))[0]);
    expect(started).toMatchObject({ host: "127.0.0.1", storages: [{ element: "storages.Files", baseUrl: `http://localhost:${port}`, signsHere: false }] });
    expect(started.port).not.toBe(port);
    const status = await fetch(`${started.url}/elsewhere`).then((response) => response.status);
    expect(status).toBe(404);
    running.child.kill("SIGTERM");
    const stopped = await running.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain(`warning: storages.Files signs URLs for http://localhost:${port}, not for this server`);
    expect(JSON.parse(stopped.stderr.slice(stopped.stderr.indexOf("{")))).toEqual({ stopped: "SIGTERM", url: started.url, requests: 1 });
    expect(stopped.stdout).toBe(`${JSON.stringify(started, null, 2)}\n`); // stdout: the one document
  });

  it("refuses what it cannot serve, with a code and no stack trace", async () => {
    const blocker = startElemental(["serve", "storages.Files"], inApp);
    await blocker.waitFor(/^serving on /m);
    const [taken, remote, notDisk] = await Promise.all([
      elemental(["serve", "storages.Files"], inApp),
      elemental(["serve", "storages.Other"], inApp),
      elemental(["serve", "storages.Memory"], inApp),
    ]);
    blocker.child.kill("SIGINT");
    await blocker.exited;
    expect(taken.code).toBe(2);
    expect(taken.stderr).toMatch(new RegExp(`^error E_USAGE: 127\\.0\\.0\\.1:${port} is in use`));
    expect(remote.code).toBe(2);
    expect(remote.stderr).toMatch(
      /^error E_USAGE: give --port: the storages' baseUrl do not name one local port \(storages\.Other: https:\/\/files\.example\.com\)/,
    );
    expect(notDisk.code).toBe(1);
    expect(notDisk.stderr).toMatch(
      /^error E_NOT_A_STORAGE: storages\.Memory is a storages\.MemoryType storage: only storages\.DiskType storages are served here/,
    );
    for (const outcome of [taken, remote, notDisk]) expect(outcome.stderr).not.toMatch(STACK_FRAME);
  });
});
