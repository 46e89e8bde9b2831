import { readFile } from "node:fs/promises";
import path from "node:path";
import type { DiskStorage, ServedDisk } from "@elemental/storage-disk";
import { serveDisk } from "@elemental/storage-disk";
import { diskStorage, removeTemps } from "./support/diskApp";

let storage: DiskStorage;
let served: ServedDisk;
let root = "";

beforeAll(async () => {
  ({ storage, root } = await diskStorage());
  served = await serveDisk(storage);
  await storage.uploadByFile("site/index.html", "<h1>hi</h1>", "text/html", { visibility: "public" });
  await storage.uploadByFile("site/secret.txt", "private", "text/plain");
});

afterAll(async () => {
  await served.close();
  removeTemps();
});

async function fetched(url: string, init?: RequestInit): Promise<{ status: number; type: string | null; body: string }> {
  const response = await fetch(url, init);
  return { status: response.status, type: response.headers.get("content-type"), body: Buffer.from(await response.arrayBuffer()).toString() };
}

describe("the handler's unsigned route for public objects", () => {
  it("serves a public object by GET and HEAD with its stored content type; any query parameter needs a signature", async () => {
    const url = await storage.getPublicUrl("site/index.html");
    expect(url).toBe(`${served.url}/storages/Files/site/index.html`);
    expect(await fetched(url)).toEqual({ status: 200, type: "text/html", body: "<h1>hi</h1>" });
    expect(await fetched(url, { method: "HEAD" })).toMatchObject({ status: 200, type: "text/html", body: "" });
    // An unsigned parameter never shapes a response (the hardened handler's rule): 403, as for a bad signature.
    expect(await fetched(`${url}?contentType=application%2Fjavascript`)).toMatchObject({ status: 403 });
  });

  it("answers 403 alike for a private object and a missing one, so it tells no private key apart", async () => {
    for (const key of ["site/secret.txt", "site/never-written.txt"]) {
      const answer = await fetched(await storage.getPublicUrl(key));
      expect([key, answer.status, JSON.parse(answer.body)]).toEqual([key, 403, { code: "E_ACCESS_DENIED", message: "Forbidden" }]);
    }
  });

  it("refuses a wrong signature even on a public object, and unsigned PUTs", async () => {
    const url = await storage.getPublicUrl("site/index.html");
    expect((await fetched(`${url}?sig=00`)).status).toBe(403);
    expect((await fetched(url, { method: "PUT", body: "overwritten" })).status).toBe(403);
    expect((await storage.download("site/index.html")).toString()).toBe("<h1>hi</h1>");
  });

  it("keeps the visibility in the sidecar: a private object made public is served, and back", async () => {
    const url = await storage.getPublicUrl("site/secret.txt");
    await storage.setVisibility("site/secret.txt", "public");
    const sidecar = JSON.parse(await readFile(path.join(root, "appData/storages/files/site/.~m.secret.txt"), "utf8"));
    expect(sidecar).toMatchObject({ visibility: "public", contentType: "text/plain" });
    expect((await fetched(url)).status).toBe(200);
    await storage.setVisibility("site/secret.txt", "private");
    expect((await fetched(url)).status).toBe(403);
    expect(await storage.getObject("site/secret.txt")).toMatchObject({ size: 7, contentType: "text/plain" });
  });
});
