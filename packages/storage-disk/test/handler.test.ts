import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { isStorageError } from "@elemental/storages";
import { type DiskStorage, type ServedDisk, createDiskHandler, serveDisk } from "@elemental/storage-disk";
import { sign } from "../src/signer";
import { diskStorage, removeTemps } from "./support/diskApp";

const SECRET = "a-test-signing-secret-of-some-length";
const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));

let storage: DiskStorage;
let served: ServedDisk;

beforeAll(async () => {
  ({ storage } = await diskStorage({ signingSecret: "${DISK_SECRET}" }, { DISK_SECRET: SECRET }));
  served = await serveDisk(storage);
  await storage.uploadByFile("docs/report 1.bin", body, "application/x-report", {
    cacheControl: "max-age=60",
    contentDisposition: 'attachment; filename="report.bin"',
  });
});

afterAll(async () => {
  await served.close();
  removeTemps();
});

/** Replaces one query parameter of a URL (or the key in its path) to forge a request. */
function withParam(url: string, name: string, value: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set(name, value);
  return parsed.toString();
}

async function text(response: Response): Promise<string> {
  return Buffer.from(await response.arrayBuffer()).toString("utf8");
}

describe("signed GET URLs served by the bundled handler", () => {
  it("returns the bytes with the stored Content-Type, ETag, Cache-Control, Content-Disposition and Last-Modified", async () => {
    const url = await storage.getSignUrl("docs/report 1.bin");
    expect(url.startsWith(`${served.url}/storages/Files/docs/report%201.bin?expires=`)).toBe(true);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
    const info = await storage.getObject("docs/report 1.bin");
    expect(response.headers.get("content-type")).toBe("application/x-report");
    expect(response.headers.get("content-length")).toBe("1000");
    expect(response.headers.get("etag")).toBe(info.etag);
    expect(response.headers.get("cache-control")).toBe("private, max-age=60"); // the stored max-age, shorter than the URL lives
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="report.bin"');
    expect(response.headers.get("last-modified")).toBe(info.lastModified.toUTCString());
    expect(response.headers.get("accept-ranges")).toBe("bytes");
  });

  it("uses the content type signed into the URL when getSignUrl is given one", async () => {
    const response = await fetch(await storage.getSignUrl("docs/report 1.bin", "text/csv"));
    expect(response.headers.get("content-type")).toBe("text/csv");
    await response.arrayBuffer();
  });

  it("answers a Range request with 206 and exactly those bytes, and a suffix range too", async () => {
    const url = await storage.getSignUrl("docs/report 1.bin");
    const part = await fetch(url, { headers: { Range: "bytes=100-199" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 100-199/1000");
    expect(part.headers.get("content-length")).toBe("100");
    expect(Buffer.from(await part.arrayBuffer())).toEqual(body.subarray(100, 200));
    const tail = await fetch(url, { headers: { Range: "bytes=-10" } });
    expect(tail.status).toBe(206);
    expect(Buffer.from(await tail.arrayBuffer())).toEqual(body.subarray(990));
    const open = await fetch(url, { headers: { Range: "bytes=995-" } });
    expect(Buffer.from(await open.arrayBuffer())).toEqual(body.subarray(995));
  });

  it("answers an unsatisfiable range with 416 and the size", async () => {
    const response = await fetch(await storage.getSignUrl("docs/report 1.bin"), { headers: { Range: "bytes=1000-1001" } });
    expect(response.status).toBe(416);
    expect(response.headers.get("content-range")).toBe("bytes */1000");
    await response.arrayBuffer();
  });

  it("ignores a Range when If-Range names another version", async () => {
    const response = await fetch(await storage.getSignUrl("docs/report 1.bin"), { headers: { Range: "bytes=0-9", "If-Range": '"other"' } });
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(body);
  });

  it("answers HEAD with the headers and no body", async () => {
    const response = await fetch(await storage.getSignUrl("docs/report 1.bin"), { method: "HEAD" });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-length")).toBe("1000");
    expect(response.headers.get("content-type")).toBe("application/x-report");
    expect((await response.arrayBuffer()).byteLength).toBe(0);
  });

  it("answers If-None-Match with the current ETag with 304", async () => {
    const { etag } = await storage.getObject("docs/report 1.bin");
    const response = await fetch(await storage.getSignUrl("docs/report 1.bin"), { headers: { "If-None-Match": etag as string } });
    expect(response.status).toBe(304);
  });

  it("refuses a URL whose signature, key or expiry was changed with 403", async () => {
    const url = await storage.getSignUrl("docs/report 1.bin");
    const sig = new URL(url).searchParams.get("sig") as string;
    const forged = [
      withParam(url, "sig", (sig.startsWith("0") ? "1" : "0") + sig.slice(1)),
      url.replace("report%201.bin", "report%202.bin"),
      withParam(url, "expires", String(Number(new URL(url).searchParams.get("expires")) + 1)),
      withParam(url, "contentType", "text/html"),
      url.replace(/&sig=[0-9a-f]+/, ""),
    ];
    for (const forgedUrl of forged) {
      const response = await fetch(forgedUrl);
      expect({ url: forgedUrl, status: response.status }).toEqual({ url: forgedUrl, status: 403 });
      expect(JSON.parse(await text(response))).toEqual({ code: "E_ACCESS_DENIED", message: "Forbidden" });
    }
  });

  it("refuses a correctly signed URL whose expiry has passed with 403", async () => {
    const expires = Math.floor(Date.now() / 1000) - 1;
    const sig = sign(Buffer.from(SECRET), storage.fullName, { method: "GET", key: "docs/report 1.bin", expires, contentType: undefined });
    const response = await fetch(`${served.url}/storages/Files/docs/report%201.bin?expires=${expires}&sig=${sig}`);
    expect(response.status).toBe(403);
    await response.arrayBuffer();
  });

  it("refuses a correctly signed URL that would live longer than 7 days (the server-side maximum, as S3's)", async () => {
    const now = Math.floor(Date.now() / 1000);
    const urlFor = (expires: number): string => {
      const sig = sign(Buffer.from(SECRET), storage.fullName, { method: "GET", key: "docs/report 1.bin", expires, contentType: undefined });
      return `${served.url}/storages/Files/docs/report%201.bin?expires=${expires}&sig=${sig}`;
    };
    const statuses: number[] = [];
    for (const expires of [now + 6 * 86_400, now + 8 * 86_400, 99_999_999_999]) {
      const response = await fetch(urlFor(expires));
      await response.arrayBuffer();
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 403, 403]);
  });

  it("answers a signed URL of a missing key with 404, without a path or the secret in the body", async () => {
    const response = await fetch(await storage.getSignUrl("docs/missing.bin"));
    expect(response.status).toBe(404);
    const answer = await text(response);
    expect(JSON.parse(answer)).toEqual({ code: "E_NOT_FOUND", message: "Not Found" });
    expect(answer).not.toContain(storage.rootDir);
    expect(answer).not.toContain(SECRET);
  });

  it("refuses methods other than GET, HEAD and PUT with 405", async () => {
    const response = await fetch(await storage.getSignUrl("docs/report 1.bin"), { method: "DELETE" });
    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD, PUT");
    await response.arrayBuffer();
    expect(await storage.exists("docs/report 1.bin")).toBe(true);
  });
});

describe("signed PUT URLs served by the bundled handler", () => {
  it("stores the body sent with the returned method and headers", async () => {
    const upload = await storage.getUploadUrl("uploads/hello.txt", "text/plain; charset=utf-8", 60);
    expect(upload.method).toBe("PUT");
    expect(upload.headers).toEqual({ "Content-Type": "text/plain; charset=utf-8" });
    const response = await fetch(upload.url, { method: upload.method, headers: upload.headers, body: "hello through PUT" });
    expect(response.status).toBe(200);
    const info = await storage.getObject("uploads/hello.txt");
    expect(response.headers.get("etag")).toBe(info.etag);
    expect(info.contentType).toBe("text/plain; charset=utf-8");
    expect((await storage.download("uploads/hello.txt")).toString()).toBe("hello through PUT");
  });

  it("refuses a PUT whose Content-Type differs from the signed one with 403 and stores nothing", async () => {
    const upload = await storage.getUploadUrl("uploads/typed.json", "application/json", 60);
    const response = await fetch(upload.url, { method: "PUT", headers: { "Content-Type": "text/html" }, body: "<script>" });
    expect(response.status).toBe(403);
    await response.arrayBuffer();
    expect(await storage.exists("uploads/typed.json")).toBe(false);
  });

  it("answers a PUT the storage refuses with its status (409 for a key that is a folder), not a reset connection", async () => {
    await storage.uploadByFile("uploads/folder/inside.txt", "x");
    const upload = await storage.getUploadUrl("uploads/folder", "text/plain");
    const response = await fetch(upload.url, { method: "PUT", headers: upload.headers, body: "y".repeat(256 * 1024) });
    expect(response.status).toBe(409);
    expect(JSON.parse(await text(response))).toEqual({ code: "E_PRECONDITION_FAILED", message: "Conflict" });
  });

  it("refuses a GET-signed URL used for a PUT, and a PUT-signed URL used for a GET", async () => {
    const getUrl = await storage.getSignUrl("uploads/swap.txt", "text/plain");
    const put = await fetch(getUrl, { method: "PUT", headers: { "Content-Type": "text/plain" }, body: "x" });
    expect(put.status).toBe(403);
    await put.arrayBuffer();
    expect(await storage.exists("uploads/swap.txt")).toBe(false);
    await storage.uploadByFile("uploads/swap.txt", "x", "text/plain");
    const upload = await storage.getUploadUrl("uploads/swap.txt", "text/plain");
    const get = await fetch(upload.url);
    expect(get.status).toBe(403);
    await get.arrayBuffer();
  });
});

describe("createDiskHandler as middleware", () => {
  it("passes requests outside its urlPath to next, and serves its own (a storage named in an application)", async () => {
    const handler = createDiskHandler(storage.app, { storage: "storages.Files" });
    const server = createServer((req, res) => handler(req, res, () => res.writeHead(418).end("next")));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const other = await fetch(`${origin}/somewhere/else`);
      expect([other.status, await text(other)]).toEqual([418, "next"]);
      const signed = new URL(await storage.getSignUrl("docs/report 1.bin"));
      const own = await fetch(`${origin}${signed.pathname}${signed.search}`);
      expect(own.status).toBe(200);
      expect(Buffer.from(await own.arrayBuffer())).toEqual(body);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("answers CORS preflights when allowOrigin is set", async () => {
    const cors = await serveDisk(storage, { allowOrigin: "https://app.example" });
    try {
      const upload = new URL((await storage.getUploadUrl("uploads/cors.txt", "text/plain")).url);
      const response = await fetch(`${cors.url}${upload.pathname}${upload.search}`, {
        method: "OPTIONS",
        headers: { Origin: "https://app.example", "Access-Control-Request-Method": "PUT", "Access-Control-Request-Headers": "content-type" },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get("access-control-allow-origin")).toBe("https://app.example");
      expect(response.headers.get("access-control-allow-methods")).toBe("GET, HEAD, PUT");
    } finally {
      await cors.close();
      storage.useOrigin(served.url);
    }
  });

  it("refuses to serve a storage that is not a disk storage", () => {
    const notDisk = { getElement: () => ({}) } as never;
    let thrown: unknown;
    try {
      createDiskHandler(notDisk, { storage: "storages.Other" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(TypeError);
    expect(isStorageError(thrown)).toBe(false);
  });
});
