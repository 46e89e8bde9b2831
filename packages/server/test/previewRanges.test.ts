import { cleanUp } from "./support/apps";
import { makeImage } from "./support/images";
import { closeServers, served } from "./support/served";

afterAll(async () => {
  await closeServers();
  await cleanUp();
});

/** 1,000 bytes where each position's value differs from its neighbours', so a wrong offset shows. */
const CONTENT = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 251));

async function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  const response = await fetch(url, { method, headers });
  const bytes = Buffer.from(await response.arrayBuffer());
  const header = (name: string) => response.headers.get(name);
  return { status: response.status, bytes, header };
}

describe.each(["Disk", "S3"] as const)("Range on the preview route on %s", (backend) => {
  test("one range is 206 with its Content-Range; past the end 416; several or malformed ones get the whole file", async () => {
    const { svc } = await served(backend);
    const { url } = await svc.uploadByFile("ranges/data.bin", CONTENT, undefined, "application/octet-stream");
    const whole = await get(url);
    expect([whole.status, whole.header("accept-ranges"), whole.bytes.equals(CONTENT)]).toEqual([200, "bytes", true]);
    for (const [range, start, end] of [
      ["bytes=100-199", 100, 199],
      ["bytes=-10", 990, 999],
      ["bytes=990-", 990, 999],
      ["bytes=995-5000", 995, 999],
      ["bytes=0-5,3-9", 0, 9], // overlapping ranges are merged into one
    ] as const) {
      const part = await get(url, { range });
      expect([range, part.status, part.header("content-range"), part.header("content-length")]).toEqual([
        range,
        206,
        `bytes ${start}-${end}/1000`,
        String(end - start + 1),
      ]);
      expect(part.bytes.equals(CONTENT.subarray(start, end + 1))).toBe(true);
      expect(part.header("content-type")).toBe("application/octet-stream");
    }
    const past = await get(url, { range: "bytes=1000-" });
    expect([past.status, past.header("content-range"), past.bytes.length]).toEqual([416, "bytes */1000", 0]);
    for (const range of ["bytes=0-1,500-501", "bytes=abc", "items=0-5"]) {
      const answered = await get(url, { range });
      expect([range, answered.status, answered.header("content-range"), answered.bytes.equals(CONTENT)]).toEqual([range, 200, null, true]);
    }
  });

  test("If-Range sends the range only while the ETag is current; HEAD ignores Range", async () => {
    const { svc } = await served(backend);
    const { url } = await svc.uploadByFile("ranges/if.bin", CONTENT, undefined, "application/octet-stream");
    const etag = (await get(url, {}, "HEAD")).header("etag") ?? "";
    expect(etag).toMatch(/^"/);
    const current = await get(url, { range: "bytes=10-19", "if-range": etag });
    expect([current.status, current.bytes.equals(CONTENT.subarray(10, 20))]).toEqual([206, true]);
    const changed = await get(url, { range: "bytes=10-19", "if-range": '"not-the-etag"' });
    expect([changed.status, changed.bytes.equals(CONTENT)]).toEqual([200, true]);
    const byDate = await get(url, { range: "bytes=10-19", "if-range": new Date().toUTCString() });
    expect(byDate.status).toBe(200);
    const head = await get(url, { range: "bytes=10-19" }, "HEAD");
    expect([head.status, head.header("content-length"), head.header("accept-ranges"), head.bytes.length]).toEqual([200, "1000", "bytes", 0]);
    const notModified = await get(url, { range: "bytes=10-19", "if-none-match": etag });
    expect(notModified.status).toBe(304);
  });

  test("a thumbnail answers a range too, made on this request or cached", async () => {
    const { svc } = await served(backend);
    await svc.uploadByFile("ranges/pic.png", await makeImage("png", 300, 200));
    const url = await svc.thumbnailUrl("ranges/pic.png", 60, 60);
    const made = await get(url, { range: "bytes=0-7" });
    expect([made.status, made.header("content-range")?.startsWith("bytes 0-7/"), made.bytes.toString("latin1", 1, 4)]).toEqual([206, true, "PNG"]);
    const cached = await get(url, { range: "bytes=-4" });
    expect(cached.status).toBe(206);
    const whole = await get(url);
    expect(cached.bytes.equals(whole.bytes.subarray(whole.bytes.length - 4))).toBe(true);
    expect(made.header("content-range")).toBe(`bytes 0-7/${whole.bytes.length}`);
  });
});
