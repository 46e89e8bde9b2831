import { request } from "node:http";
import type { DiskStorage } from "@elemental/storage-disk";
import { cleanUp } from "./support/apps";
import { closeServers, served, withParam } from "./support/served";
import { slowDownload } from "./support/slowDownload";

afterAll(async () => {
  await closeServers();
  await cleanUp();
});

/** The status of a GET sent exactly as written (fetch would normalise `%2e%2e`). */
function rawStatus(origin: string, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/`, { path: rawPath }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    req.on("error", reject).end();
  });
}

describe("DiskType routes on the server", () => {
  test("signed GET (with Range and ETag/304), HEAD and signed PUT go through the Disk handler; tampering is 403", async () => {
    const { app, server } = await served("Disk");
    const disk = app.getElement<DiskStorage>("storages.Files");
    const uploaded = await disk.uploadByFile("docs/a.txt", "0123456789", "text/plain");
    expect(uploaded.url.startsWith(`${server.url}/storages/Files/docs/a.txt`)).toBe(true);
    const url = await disk.getSignUrl("docs/a.txt", "text/plain");
    const full = await fetch(url);
    expect(full.status).toBe(200);
    expect(await full.text()).toBe("0123456789");
    const etag = full.headers.get("etag") ?? "";
    expect((await fetch(url, { headers: { "if-none-match": etag } })).status).toBe(304);
    const part = await fetch(url, { headers: { range: "bytes=2-4" } });
    expect(part.status).toBe(206);
    expect(await part.text()).toBe("234");
    const head = await fetch(url, { method: "HEAD" });
    expect(head.headers.get("content-length")).toBe("10");
    const sig = new URL(url).searchParams.get("sig") ?? "";
    expect((await fetch(withParam(url, "sig", `${sig.slice(0, -2)}xx`))).status).toBe(403);
    const put = await disk.getUploadUrl("docs/b.bin", "application/octet-stream");
    const putResponse = await fetch(put.url, { method: put.method, headers: put.headers, body: Buffer.alloc(70_000, 3) });
    expect(putResponse.status).toBeLessThan(300);
    expect((await disk.download("docs/b.bin")).length).toBe(70_000);
    for (const raw of [
      "/storages/Files/%2e%2e/x?expires=1&sig=x",
      "/storages/Files/a/%2E%2E/%2E%2E/x?expires=1&sig=x",
      "/storages/Files/%00?expires=1&sig=x",
    ]) {
      expect(await rawStatus(server.url, raw)).toBe(400);
    }
  });

  test("disks chooses the storages served and the prefix their URLs carry; anything else is a 404 with a code", async () => {
    const { app, server } = await served("Disk", { disks: [{ storage: "storages.Files", prefix: "/files" }], publicBaseUrl: "http://localhost:1/files" });
    const disk = app.getElement<DiskStorage>("storages.Files");
    await disk.uploadByFile("p.txt", "under a prefix");
    const signed = new URL(await disk.getSignUrl("p.txt", "text/plain"));
    expect(signed.pathname).toBe("/files/storages/Files/p.txt");
    const viaPrefix = await fetch(`${server.url}${signed.pathname}${signed.search}`);
    expect(viaPrefix.status).toBe(200);
    expect(await viaPrefix.text()).toBe("under a prefix");
    const withoutPrefix = await fetch(`${server.url}/storages/Files/p.txt${signed.search}`);
    expect(withoutPrefix.status).toBe(404);
    expect(await withoutPrefix.json()).toEqual({ code: "E_NOT_FOUND" });
    expect(withoutPrefix.headers.get("cache-control")).toBe("no-store");
  });

  test("publicBaseUrl is what URLs carry", async () => {
    const { svc, app } = await served("Disk", { publicBaseUrl: "https://files.example.com/" });
    const disk = app.getElement<DiskStorage>("storages.Files");
    expect((await disk.uploadByFile("x.txt", "x")).url).toBe("https://files.example.com/storages/Files/x.txt");
    expect((await svc.uploadByFile("y.txt", "y")).url.startsWith("https://files.example.com/storages/services/StorageSvc/preview?")).toBe(true);
  });

  test("close lets a download in flight finish, then refuses new connections", async () => {
    const { app, server } = await served("Disk");
    const disk = app.getElement<DiskStorage>("storages.Files");
    const size = 32 * 1024 * 1024;
    await disk.uploadByFile("big.bin", Buffer.alloc(size, 9));
    const url = await disk.getSignUrl("big.bin", "application/octet-stream");
    // Read slowly at first, so that close() is called while most of the body is still to come.
    const received = slowDownload(url);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    const closed = server.close();
    expect(await received).toBe(size);
    await closed;
    // Closed when the transfer ended, not after the connection's keep-alive timeout (5 s).
    expect(Date.now() - started).toBeLessThan(4000);
    await expect(fetch(url)).rejects.toThrow();
  });
});
