import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { slowDownload } from "../../server/test/support/slowDownload";
import { REPO, elemental, tempApp } from "./support/elemental";
import { freePort, startElemental } from "./support/spawnElemental";

jest.setTimeout(90_000);

const SVC = "/storages/services/StorageSvc";

/**
 * `elemental serve` on an application that declares StorageSvc: it serves the service's routes beside the
 * Disk URLs, uploads through them only when asked (--allow-uploads) and up to --max-upload-bytes, and a
 * SIGTERM lets a download in flight finish.
 */
describe("serve with StorageSvc", () => {
  const app = tempApp(
    {
      appId: "test.CliServeSvc",
      extends: ["storage-service", "storage-disk"].map((name) => path.join(REPO, "packages", name)),
      settings: { defaultElement: { defaultStorage: "storages.Files" } },
    },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/services/StorageSvc/e.json": {
        title: "Storage service",
        type: "services.NormalType",
        backendBundleEntry: path.join(REPO, "packages/storage-service/storages/services/StorageSvc"),
      },
    },
  );
  const inApp = { cwd: app.root };
  let port = 0;
  let origin = "";

  beforeAll(async () => {
    port = await freePort();
    origin = `http://127.0.0.1:${port}`;
    const baseUrl = `http://localhost:${port}`;
    writeFileSync(path.join(app.root, "storages/Files/Files.json"), JSON.stringify({ directory: "appData/files", baseUrl }));
    writeFileSync(path.join(app.root, "storages/services/StorageSvc/StorageSvc.json"), JSON.stringify({ baseUrl, sweepIntervalSeconds: 0 }));
  });
  afterAll(() => app.remove());

  const upload = (fileName: string, body: string | Buffer, contentType = "text/plain") =>
    fetch(`${origin}${SVC}/uploadByFile?fileName=${encodeURIComponent(fileName)}`, { method: "POST", headers: { "content-type": contentType }, body });

  it("uploads from this machine with --allow-uploads, up to --max-upload-bytes, and previews at the URL the upload answers", async () => {
    const server = startElemental(["serve", "--allow-uploads", "--max-upload-bytes", "1000"], inApp);
    await server.waitFor(/^serving on /m);
    expect(server.stdout()).toContain(`\n  storages.services.StorageSvc  ${origin}${SVC}/\n`);
    const created = await upload("notes/hello.txt", "hello through serve");
    expect(created.status).toBe(201);
    const item = (await created.json()) as { url: string; name: string; size: number };
    expect(item).toMatchObject({ name: "notes/hello.txt", size: 19 });
    expect(item.url).toMatch(new RegExp(`^http://localhost:${port}${SVC}/preview\\?`));
    const preview = await fetch(item.url);
    expect(preview.status).toBe(200);
    expect(preview.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(preview.headers.get("content-disposition")).toMatch(/^inline;/);
    expect(await preview.text()).toBe("hello through serve");
    const tampered = await fetch(item.url.replace(/sig=[^&]+/, "sig=AAAA"));
    expect(tampered.status).toBe(403);
    const tooLarge = await upload("big.txt", Buffer.alloc(1001, 97));
    expect(tooLarge.status).toBe(413);
    expect(await tooLarge.json()).toEqual({ code: "E_TOO_LARGE" });
    server.child.kill("SIGINT");
    const stopped = await server.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(new RegExp(`^GET ${SVC}/preview 200 \\d+ ms$`, "m"));
    expect(stopped.stderr).toMatch(/^stopped \(SIGINT\) after 4 requests$/m);
    expect(stopped.stderr).not.toContain("warning:"); // both elements' baseUrl lead here
  });

  it("refuses uploads through StorageSvc without --allow-uploads", async () => {
    const server = startElemental(["serve", "--json"], inApp);
    const started = JSON.parse((await server.waitFor(/^\{[\s\S]*\n\}\n/))[0]);
    expect(started.services).toEqual([
      { element: "storages.services.StorageSvc", url: `${origin}${SVC}/`, baseUrl: `http://localhost:${port}`, signsHere: true },
    ]);
    const refused = await upload("notes/refused.txt", "not wanted");
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ code: "E_ACCESS_DENIED" });
    server.child.kill("SIGTERM");
    expect((await server.exited).code).toBe(0);
    expect((await elemental(["stat", "storages.Files", "notes/refused.txt"], inApp)).code).toBe(3);
  });

  it("lets a download in flight finish on SIGTERM, then exits 0", async () => {
    const size = 48 * 1024 * 1024;
    writeFileSync(path.join(app.root, "big.bin"), Buffer.alloc(size, 7));
    expect((await elemental(["put", "storages.Files", "big.bin"], inApp)).code).toBe(0);
    const signed = (await elemental(["sign", "storages.Files", "big.bin"], inApp)).stdout.trim();
    const server = startElemental(["serve"], inApp);
    await server.waitFor(/^serving on /m);
    // Stopped while the response is still being sent: most of the 48 MiB is not read yet.
    const received = await slowDownload(signed, () => server.child.kill("SIGTERM"), 500);
    expect(received).toBe(size);
    const stopped = await server.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/^GET \/storages\/Files\/big\.bin 200 \d+ ms$/m);
    expect(stopped.stderr).toMatch(/^stopped \(SIGTERM\) after 1 request$/m);
    await expect(fetch(`${origin}/`)).rejects.toThrow();
  });

  it("loads Fastify for serve only: other commands do not pay for it", () => {
    // A preload that tells, as the process exits, whether any module of Fastify was loaded.
    const probe = path.join(app.root, "probe.js");
    writeFileSync(
      probe,
      `process.on("exit", () => process.stderr.write("fastify loaded: " + Object.keys(require.cache).some((f) => f.includes("/fastify/")) + "\\n"));`,
    );
    const env = { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.node.json"), NODE_OPTIONS: "" };
    const run = (args: string[]) =>
      spawnSync(
        process.execPath,
        ["-C", "source", "-r", require.resolve("ts-node/register", { paths: [REPO] }), "-r", probe, path.join(REPO, "packages/cli/src/main.ts"), ...args],
        {
          cwd: app.root,
          env,
          encoding: "utf8",
        },
      );
    const listed = run(["ls", "--json"]);
    expect(listed.status).toBe(0);
    expect(listed.stderr).toContain("fastify loaded: false");
    const refused = run(["serve", "--host", "192.0.2.1", "--port", "0"]); // loads the server, then cannot listen on an address not ours
    expect(refused.stderr).toContain("fastify loaded: true");
    expect([refused.status, refused.stderr]).toEqual([1, expect.stringMatching(/^error E_IO: cannot listen on 192\.0\.2\.1:0 \(EADDRNOTAVAIL\)/m)]);
  });
});
