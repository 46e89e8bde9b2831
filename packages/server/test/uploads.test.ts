import { request } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { RESERVED_PREFIX } from "@elemental/storage-service";
import { cleanUp } from "./support/apps";
import { closeServers, keysOf, served, userKeys } from "./support/served";

afterAll(async () => {
  await closeServers();
  await cleanUp();
});

const UPLOAD = "/storages/services/StorageSvc/uploadByFile";

/** Sends part of a body announced longer, then drops the connection. */
function disconnectMidUpload(url: string, announced: number, sent: number): Promise<void> {
  return new Promise((resolve) => {
    const req = request(url, { method: "POST", headers: { "content-type": "application/octet-stream", "content-length": String(announced) } });
    req.on("error", () => resolve());
    req.on("response", () => resolve());
    req.write(Buffer.alloc(sent, 7), () => setTimeout(() => req.destroy(), 150));
    req.on("close", () => resolve());
  });
}

async function waitFor(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error("condition not met in time");
    await sleep(50);
  }
}

describe.each(["Disk", "S3"] as const)("uploads through the server on %s", (backend) => {
  test("a POSTed body is streamed to storage and answered with the attachment item", async () => {
    const { server, svc, storage } = await served(backend);
    const body = Buffer.alloc(3 * 1024 * 1024 + 5, 1);
    const response = await fetch(`${server.url}${UPLOAD}?fileName=big.bin&expires=3600`, {
      method: "POST",
      body,
      headers: { "content-type": "application/x-test" },
    });
    expect(response.status).toBe(201);
    const item = (await response.json()) as { id: string; size: number; type: string; name: string; url: string };
    expect(item).toMatchObject({ size: body.length, type: "application/x-test", name: "big.bin" });
    expect((await svc.getRecord(item.id))?.size).toBe(body.length);
    expect((await storage.download("big.bin")).equals(body)).toBe(true);
    expect(Buffer.from(await (await fetch(item.url)).arrayBuffer()).equals(body)).toBe(true);
  });

  test("uploads need authorizeUpload, stay under the size limit, and refuse bad query strings", async () => {
    const closed = await served(backend, { authorizeUpload: undefined });
    expect((await fetch(`${closed.server.url}${UPLOAD}?fileName=a.txt`, { method: "POST", body: "x" })).status).toBe(403);
    const { server, storage } = await served(backend, { maxUploadBytes: 1000 });
    expect((await fetch(`${server.url}${UPLOAD}?fileName=a.txt`, { method: "POST", body: Buffer.alloc(1001) })).status).toBe(413);
    const chunked = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new Uint8Array(400));
        controller.close();
      },
    });
    const streamed = await fetch(`${server.url}${UPLOAD}?fileName=b.txt`, { method: "POST", body: chunked, duplex: "half" } as RequestInit);
    expect(streamed.status).toBe(413);
    for (const query of [
      "",
      "?fileName=",
      "?fileName=a&fileName=b",
      "?fileName=a&x=1",
      "?fileName=a&expires=-1",
      "?fileName=../a",
      "?fileName=.elemental/files/x",
    ]) {
      expect((await fetch(`${server.url}${UPLOAD}${query}`, { method: "POST", body: "x" })).status).toBe(400);
    }
    expect(await userKeys(storage)).toEqual([]);
  });

  test("a client that disconnects mid-upload leaves no object and no record", async () => {
    for (const md5Naming of [false, true]) {
      const { server, storage, svc } = await served(backend, {}, { md5Naming });
      await disconnectMidUpload(`${server.url}${UPLOAD}?fileName=cut.bin&expires=600`, 8 * 1024 * 1024, 256 * 1024);
      await sleep(300);
      await waitFor(async () => (await keysOf(storage)).length <= 1);
      expect(await userKeys(storage)).toEqual([]);
      expect(await keysOf(storage, `${RESERVED_PREFIX}id/`)).toEqual([]);
      expect(await keysOf(storage, `${RESERVED_PREFIX}exp/`)).toEqual([]);
      expect(await keysOf(storage, `${RESERVED_PREFIX}tmp/`)).toEqual([]);
      expect(await svc.getRecord(svc.idOf("cut.bin"))).toBeUndefined();
    }
  });
});
