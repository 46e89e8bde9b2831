import { cleanUp } from "./support/apps";
import { decoded, makeImage, pngBomb } from "./support/images";
import { closeServers, keysOf, served, withParam } from "./support/served";

afterAll(async () => {
  await closeServers();
  await cleanUp();
});

async function codeOf(response: Response): Promise<string> {
  return ((await response.json()) as { code: string }).code;
}

describe.each(["Disk", "S3"] as const)("previews over HTTP on %s", (backend) => {
  test("the upload's url previews the bytes inline with the stored content type, signed", async () => {
    const { svc, server } = await served(backend);
    const item = await svc.uploadByFile("notes/hello.txt", "hello, preview", undefined, "text/plain; charset=utf-8");
    expect(item.url.startsWith(`${server.url}/storages/services/StorageSvc/preview?`)).toBe(true);
    expect(new URL(item.url).searchParams.get("sig")).toBeTruthy();
    const response = await fetch(item.url);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^inline; filename="hello.txt"/);
    expect(await response.text()).toBe("hello, preview");
    const etag = response.headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await fetch(item.url, { headers: { "if-none-match": etag ?? "" } })).status).toBe(304);
    expect((await fetch(item.url, { headers: { "if-none-match": '"other"' } })).status).toBe(200);
    const head = await fetch(item.url, { method: "HEAD" });
    expect([head.status, head.headers.get("content-length"), head.headers.get("content-type")]).toEqual([200, "14", "text/plain; charset=utf-8"]);
    const unsigned = withParam(withParam(item.url, "sig", undefined), "expires", undefined);
    expect((await fetch(unsigned)).status).toBe(403);
  });

  test("a public upload gets a stable unsigned link", async () => {
    const { svc } = await served(backend);
    const item = await svc.uploadByFile("open.txt", "for all", undefined, undefined, undefined, undefined, { public: true });
    expect(new URL(item.url).searchParams.has("sig")).toBe(false);
    expect(await (await fetch(item.url)).text()).toBe("for all");
  });

  test("thumbnails of a real PNG and JPEG fit the box, are cached beside the object, and keep their format", async () => {
    const { svc, storage } = await served(backend);
    for (const format of ["png", "jpeg"] as const) {
      const ext = format === "png" ? "png" : "jpg";
      await svc.uploadByFile(`pics/photo.${ext}`, await makeImage(format, 400, 300));
      const url = await svc.thumbnailUrl(`pics/photo.${ext}`, 120, 120);
      const first = await fetch(url);
      expect(first.status).toBe(200);
      expect(first.headers.get("content-type")).toBe(`image/${format}`);
      const bytes = Buffer.from(await first.arrayBuffer());
      expect(await decoded(bytes)).toEqual({ width: 120, height: 90, format });
      expect(await keysOf(storage, "pics/")).toContain(`pics/photo_120_120.${ext}`);
      const again = Buffer.from(await (await fetch(url)).arrayBuffer());
      expect(again.equals(bytes)).toBe(true);
    }
    const wide = await fetch(await svc.thumbnailUrl("pics/photo.png", 200, 50));
    expect(await decoded(Buffer.from(await wide.arrayBuffer()))).toMatchObject({ width: 67, height: 50 });
  });

  test("a 20,000 x 20,000 image is refused (413) without being decoded; a non-image is 415; a missing file 404", async () => {
    const { svc } = await served(backend);
    await svc.uploadByFile("bomb.png", pngBomb(20_000, 20_000));
    const bomb = await fetch(await svc.thumbnailUrl("bomb.png"));
    expect(bomb.status).toBe(413);
    expect(await codeOf(bomb)).toBe("E_TOO_LARGE");
    await svc.uploadByFile("plain.txt", "not an image");
    expect((await fetch(await svc.thumbnailUrl("plain.txt"))).status).toBe(415);
    await svc.uploadByFile("liar.png", "text pretending to be a PNG");
    expect((await fetch(await svc.thumbnailUrl("liar.png"))).status).toBe(415);
    expect((await fetch(await svc.previewUrl("missing.txt"))).status).toBe(404);
    expect((await fetch(await svc.thumbnailUrl("missing.png"))).status).toBe(404);
    expect((await fetch(await svc.thumbnailUrl("plain.txt", 5000, 10))).status).toBe(400);
  });

  test("tampered and expired signatures answer 403", async () => {
    const { svc } = await served(backend);
    const item = await svc.uploadByFile("secret.txt", "signed only");
    const sig = new URL(item.url).searchParams.get("sig") ?? "";
    const flipped = `${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    expect((await fetch(withParam(item.url, "sig", flipped))).status).toBe(403);
    expect((await fetch(withParam(item.url, "file", "other.txt"))).status).toBe(403);
    const later = String(Number(new URL(item.url).searchParams.get("expires")) + 3600);
    expect((await fetch(withParam(item.url, "expires", later))).status).toBe(403);
    const thumb = await svc.thumbnailUrl("secret.txt", 120, 120);
    expect((await fetch(withParam(thumb, "width", "121"))).status).toBe(403);
    const short = await svc.previewUrl("secret.txt", { expires: 1 });
    expect((await fetch(short)).status).toBe(200);
    const realNow = svc.now;
    svc.now = () => realNow() + 5_000;
    expect((await fetch(short)).status).toBe(403);
    svc.now = realNow;
  });

  test("traversal, reserved names and bad query strings are refused", async () => {
    const { svc, server } = await served(backend);
    await svc.uploadByFile("a.txt", "a");
    const base = `${server.url}/storages/services/StorageSvc`;
    // Signed by the service itself, these still never reach a file outside the storage or StorageSvc's own.
    for (const name of ["../a.txt", "/etc/passwd", "a/../../a.txt", ".elemental/files/signing-key"]) {
      const status = (await fetch(await svc.previewUrl(name))).status;
      expect([400, 404]).toContain(status);
    }
    const good = await svc.previewUrl("a.txt");
    const query = good.slice(good.indexOf("?"));
    for (const bad of [`${query}&extra=1`, `${query}&file=a.txt`, `${query.replace("file=a.txt", "file=")}`, "?file=a.txt&expires=soon&sig=x"]) {
      expect((await fetch(`${base}/preview${bad}`)).status).toBe(400);
    }
    expect((await fetch(`${base}/previewThumbnail?name=a.txt&width=abc`)).status).toBe(400);
    expect((await fetch(`${base}/previewThumbnail?name=a.txt&width=0`)).status).toBe(400);
    expect((await fetch(`${base}/preview`)).status).toBe(400);
    expect((await fetch(`${base}/preview?file=a.txt&storage=storages.Nope&expires=1&sig=x`)).status).toBe(400);
  });
});
