import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { collect } from "@elemental/storages";
import { readS3Env } from "./support/s3Env";
import { seededBytes } from "./support/seeded";
import { ShapingProxy } from "./support/shapingProxy";
import { type StorageTarget, openTarget } from "./support/targets";

// The WAN profile of `pnpm bench --profile wan` in small: the S3 Type behind a link that caps every
// connection (4 MiB/s each way, +5 ms each way), 20 MiB objects in 5 MiB parts, 4 at once. One connection
// cannot move an object faster than size / rate, so finishing in well under that proves the transfer ran
// in parallel; every byte is compared. Speed itself is measured by the bench, not here.
const MiB = 1024 * 1024;
const RATE = 4 * MiB;
const SIZE = 20 * MiB - 333;
const BYTES = seededBytes(14, SIZE);
const ONE_CONNECTION_MS = (SIZE / RATE) * 1000;
const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

describe("AwsS3Type across a slow link (per-connection cap)", () => {
  let proxy: ShapingProxy;
  let target: StorageTarget;
  let dir = "";
  let source = "";

  beforeAll(async () => {
    proxy = await ShapingProxy.start((await readS3Env()).endpoint);
    target = await openTarget("s3", {
      endPoint: proxy.endpoint,
      config: { partSize: "5MiB", queueSize: "4", streamBufferSize: "20MiB", multipartThreshold: "5MiB" },
    });
    dir = await mkdtemp(path.join(tmpdir(), "elemental-wan-"));
    source = path.join(dir, "source.bin");
    await writeFile(source, BYTES);
    await target.storage.uploadByFile("object.bin", BYTES);
  }, 60_000);
  beforeEach(() => proxy.setShaping({ bytesPerSecond: RATE, latencyMs: 5 }));
  afterAll(async () => {
    await target?.close();
    await proxy?.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = performance.now();
    const result = await action();
    return { result, ms: performance.now() - started };
  }

  async function storedBytes(key: string): Promise<Buffer> {
    proxy.setShaping({});
    return target.storage.download(key);
  }

  it("uploadByPath sends the file's parts in parallel, and reports progress up to the size", async () => {
    const loaded: number[] = [];
    const { result, ms } = await timed(() =>
      target.storage.uploadByPath("up/by-path.bin", source, undefined, { onProgress: (progress) => loaded.push(progress.loaded) }),
    );
    expect(result.size).toBe(SIZE);
    expect(result.etag).toMatch(/-4"$/);
    expect(ms).toBeLessThan(0.6 * ONE_CONNECTION_MS);
    expect(loaded.at(-1)).toBe(SIZE);
    expect(loaded).toEqual([...loaded].sort((a, b) => a - b));
    expect(sha256(await storedBytes("up/by-path.bin"))).toBe(sha256(BYTES));
  }, 60_000);

  it("uploadStream of unknown length goes multipart in parallel", async () => {
    const { result, ms } = await timed(() => target.storage.uploadStream("up/stream.bin", createReadStream(source)));
    expect(result.size).toBe(SIZE);
    expect(ms).toBeLessThan(0.6 * ONE_CONNECTION_MS);
    expect(sha256(await storedBytes("up/stream.bin"))).toBe(sha256(BYTES));
  }, 60_000);

  it("downloadToFile fetches ranges in parallel into the file", async () => {
    const file = path.join(dir, "down.bin");
    const { result, ms } = await timed(() => target.storage.downloadToFile("object.bin", file));
    expect(result.size).toBe(SIZE);
    expect(ms).toBeLessThan(0.6 * ONE_CONNECTION_MS);
    expect(sha256(await readFile(file))).toBe(sha256(BYTES));
  }, 60_000);

  it("downloadToFile of an object replaced mid-way fails with E_PRECONDITION_FAILED and leaves no file", async () => {
    await target.storage.uploadByFile("changing.bin", BYTES);
    // One range at a time at 4 MiB/s: the replacement lands while later ranges are still to be asked for.
    const slow = await openTarget("s3", { endPoint: proxy.endpoint, config: { partSize: "5MiB", queueSize: "1", bucketName: target.bucket } });
    try {
      const file = path.join(dir, "changing.bin");
      const download = slow.storage.downloadToFile("changing.bin", file).then(
        () => undefined,
        (error: unknown) => error,
      );
      await new Promise((resolve) => setTimeout(resolve, 600));
      const replacement = seededBytes(15, SIZE);
      await target.storage.uploadByFile("changing.bin", replacement);
      const error = await download;
      // Not a mixed file: a typed error naming the operation (rename into place never happened).
      expect(error).toMatchObject({ code: "E_PRECONDITION_FAILED", operation: "downloadToFile", key: "changing.bin" });
      expect((await readdir(dir)).filter((name) => name.includes("changing"))).toEqual([]);
    } finally {
      await slow.close();
    }
  }, 60_000);

  it("downloadStream stays one ordered stream of the whole object, read ahead in parallel ranges", async () => {
    const { result, ms } = await timed(async () => collect(await target.storage.downloadStream("object.bin")));
    expect(ms).toBeLessThan(0.6 * ONE_CONNECTION_MS);
    expect(sha256(result)).toBe(sha256(BYTES));
    const range = await collect(await target.storage.downloadStream("object.bin", { range: { start: 3 * MiB + 1, end: 17 * MiB } }));
    expect(range.equals(BYTES.subarray(3 * MiB + 1, 17 * MiB + 1))).toBe(true);
  }, 60_000);

  it("a download read to its end hands its connection back: five in a row open at most one new connection", async () => {
    const small = BYTES.subarray(0, 100_000);
    await target.storage.uploadByFile("small.bin", small);
    const before = proxy.stats.connections;
    for (let i = 0; i < 5; i++) expect((await target.storage.download("small.bin")).equals(small)).toBe(true);
    expect(proxy.stats.connections - before).toBeLessThanOrEqual(1);
  }, 60_000);

  it("uploads hand their connections back: 8 parts, 2 at a time, open at most 3 connections (uploadByPath, uploadStream)", async () => {
    // The SDK's Expect: 100-continue (bodies of 2 MiB or more) sent each part on a connection of its own,
    // closed after it: a handshake per part on a WAN. Counted on the bare link, which changes no count.
    proxy.setShaping({});
    const bytes = seededBytes(16, 8 * 5 * MiB - 333);
    const file = path.join(dir, "eight-parts.bin");
    await writeFile(file, bytes);
    const pair = await openTarget("s3", {
      endPoint: proxy.endpoint,
      config: { partSize: "5MiB", queueSize: "2", streamBufferSize: "10MiB", multipartThreshold: "5MiB", bucketName: target.bucket },
    });
    try {
      let before = proxy.stats.connections;
      const byPath = await pair.storage.uploadByPath("up/eight-by-path.bin", file);
      expect(byPath.etag).toMatch(/-8"$/);
      expect(proxy.stats.connections - before).toBeLessThanOrEqual(3);
      before = proxy.stats.connections;
      const streamed = await pair.storage.uploadStream("up/eight-stream.bin", createReadStream(file));
      expect(streamed.size).toBe(bytes.length);
      expect(proxy.stats.connections - before).toBeLessThanOrEqual(3);
      expect(sha256(await pair.storage.download("up/eight-by-path.bin"))).toBe(sha256(bytes));
      expect(sha256(await pair.storage.download("up/eight-stream.bin"))).toBe(sha256(bytes));
    } finally {
      await pair.close();
    }
  }, 60_000);

  it("a download of several ranges read to its end on a fast link hands its connection back", async () => {
    // Unshaped, one connection keeps up: no read-ahead, and the answer read to its end keeps its socket.
    proxy.setShaping({});
    const before = proxy.stats.connections;
    for (let i = 0; i < 5; i++) expect((await target.storage.download("object.bin")).equals(BYTES)).toBe(true);
    expect(proxy.stats.connections - before).toBeLessThanOrEqual(1);
  }, 60_000);

  /** Reads `stream` until at least `bytes` have come (past the switch to parallel ranges on this link). */
  async function readAtLeast(stream: AsyncIterable<Buffer>, bytes: number): Promise<number> {
    let read = 0;
    for await (const chunk of stream) {
      read += chunk.length;
      if (read >= bytes) break;
    }
    return read;
  }

  it("a reader that stops early ends the read-ahead: no request is left running", async () => {
    const stream = await target.storage.downloadStream("object.bin");
    expect(await readAtLeast(stream, 6 * MiB)).toBeGreaterThanOrEqual(6 * MiB);
    const before = proxy.stats.bytesDown;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    // At 4 MiB/s per connection, the 6 ranges of the read-ahead left running would bring ~36 MiB in that time;
    // what the sockets and the proxy had queued when they closed still drains (up to a few MiB).
    expect(proxy.stats.bytesDown - before).toBeLessThan(8 * MiB);
  }, 60_000);

  it("an abort during the read-ahead fails the stream with E_ABORTED and stops every range", async () => {
    const controller = new AbortController();
    const stream = await target.storage.downloadStream("object.bin", { signal: controller.signal });
    const failure = readAtLeast(stream, SIZE).then(
      () => undefined,
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 700));
    controller.abort();
    expect(await failure).toMatchObject({ code: "E_ABORTED", operation: "downloadStream" });
    const before = proxy.stats.bytesDown;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(proxy.stats.bytesDown - before).toBeLessThan(8 * MiB);
  }, 60_000);

  it("downloadStream of an object replaced mid-way gives the old version whole or E_PRECONDITION_FAILED, never mixed bytes", async () => {
    await target.storage.uploadByFile("changing-stream.bin", BYTES);
    const replacement = seededBytes(16, SIZE);
    // Ranges of about 1 MiB, 3 at once (queueSize 2 within 6 MiB): most of them are asked for after the replacement lands.
    const slow = await openTarget("s3", {
      endPoint: proxy.endpoint,
      config: { partSize: "5MiB", queueSize: "2", streamBufferSize: "6MiB", bucketName: target.bucket },
    });
    try {
      const stream = await slow.storage.downloadStream("changing-stream.bin");
      const read = collect(stream).then(
        (bytes) => ({ old: bytes.equals(BYTES), replacement: bytes.equals(replacement), length: bytes.length }),
        (error: unknown) => ({ code: (error as { code?: string }).code, operation: (error as { operation?: string }).operation }),
      );
      proxy.setShaping({});
      await new Promise((resolve) => setTimeout(resolve, 300));
      await target.storage.uploadByFile("changing-stream.bin", replacement);
      proxy.setShaping({ bytesPerSecond: RATE, latencyMs: 5 });
      const outcome = await read;
      if ("code" in outcome) expect(outcome).toEqual({ code: "E_PRECONDITION_FAILED", operation: "downloadStream" });
      else expect(outcome).toEqual({ old: true, replacement: false, length: SIZE });
    } finally {
      await slow.close();
    }
  }, 60_000);
});
