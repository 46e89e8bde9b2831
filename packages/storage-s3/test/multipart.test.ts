import { createHash } from "node:crypto";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import type { S3Storage } from "../src/S3Storage";
import { rejection, removeTempApps, s3App } from "./support/apps";
import { makeBucket, pendingUploads, rawClient, randomBucketName, server } from "./support/server";

const MiB = 1024 * 1024;
const client = rawClient();
let bucket = "";
let removeBucket: () => Promise<void>;
let s3: S3Storage;
let dir = "";

/** A fast source of 1 MiB chunks that counts what it produced; endless unless `total` is given. */
function source(total = Number.POSITIVE_INFINITY): { stream: Readable; produced: () => number } {
  let produced = 0;
  const chunk = Buffer.alloc(MiB, 7);
  const stream = new Readable({
    read() {
      if (produced >= total) return void this.push(null);
      produced += MiB;
      this.push(chunk);
    },
  });
  return { stream, produced: () => produced };
}

const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

beforeAll(async () => {
  bucket = randomBucketName("multipart");
  removeBucket = await makeBucket(client, bucket);
  const app = await s3App({
    Store: {
      type: "storages.MinioType",
      config: {
        accessKeyId: server.accessKey,
        accessKeySecret: server.secretKey,
        endPoint: server.endpoint,
        bucketName: bucket,
        partSize: "5MiB",
        queueSize: "2",
      },
    },
  });
  s3 = app.getElement<S3Storage>("storages.Store");
  dir = await mkdtemp(path.join(tmpdir(), "elemental-s3-multipart-"));
});

afterAll(async () => {
  await s3.close();
  await removeBucket();
  client.destroy();
  await rm(dir, { recursive: true, force: true });
  removeTempApps();
});

describe("which request an upload uses", () => {
  const bytes = Buffer.alloc(6 * MiB, 1);

  it("a known size up to multipartThreshold goes in one PutObject (a plain MD5 ETag)", async () => {
    const result = await s3.uploadByFile("strategy/single.bin", bytes);
    expect(result.etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect(result.size).toBe(bytes.length);
  });

  it("above multipartThreshold it goes multipart (an ETag ending -<parts>); the ETag comes from HeadObject, RGW's Complete returns none", async () => {
    const result = await s3.uploadByFile("strategy/multi.bin", bytes, undefined, { multipartThreshold: 5 * MiB });
    expect(result.etag).toMatch(/^"[0-9a-f]{32}-2"$/);
    expect((await s3.getObject("strategy/multi.bin")).etag).toBe(result.etag);
    expect(sha256(await s3.download("strategy/multi.bin"))).toBe(sha256(bytes));
  });

  it("a stream of unknown length goes multipart with the configured part size", async () => {
    const result = await s3.uploadStream("strategy/unknown.bin", source(11 * MiB).stream);
    expect(result).toMatchObject({ size: 11 * MiB, etag: expect.stringMatching(/-3"$/) });
  });

  it("without a configured partSize a stream's parts are streamBufferSize / (queueSize + 1), at least 5 MiB; a partSize for the call wins", async () => {
    const app = await s3App({
      Defaults: {
        type: "storages.MinioType",
        config: { accessKeyId: server.accessKey, accessKeySecret: server.secretKey, endPoint: server.endpoint, bucketName: bucket, queueSize: "2" },
      },
    });
    const plain = app.getElement<S3Storage>("storages.Defaults");
    try {
      // 64 MiB / 3 = 21.3 MiB parts, at most partSize (8 MiB): 40 MiB in 5 parts; a part size for the call: 10 MiB, 4 parts.
      const fitted = await plain.uploadStream("strategy/fitted.bin", source(40 * MiB).stream);
      expect(fitted).toMatchObject({ size: 40 * MiB, etag: expect.stringMatching(/-5"$/) });
      const asked = await plain.uploadStream("strategy/asked.bin", source(40 * MiB).stream, undefined, { partSize: 10 * MiB } as object);
      expect(asked).toMatchObject({ size: 40 * MiB, etag: expect.stringMatching(/-4"$/) });
      // queueSize 16 within 64 MiB: 5 MiB parts (64 / 17 is below S3's smallest), 8 parts.
      const many = await plain.uploadStream("strategy/many.bin", source(40 * MiB).stream, undefined, { queueSize: 16 } as object);
      expect(many).toMatchObject({ size: 40 * MiB, etag: expect.stringMatching(/-8"$/) });
    } finally {
      await plain.close();
    }
  });

  it("a stream of known size below the threshold is a streamed PutObject with that length", async () => {
    const { stream } = source(7 * MiB);
    const result = await s3.uploadStream("strategy/known.bin", stream, undefined, { size: 7 * MiB });
    expect(result).toMatchObject({ size: 7 * MiB, etag: expect.stringMatching(/^"[0-9a-f]{32}"$/) });
  });
});

describe("failed and aborted uploads leave nothing on the server", () => {
  it.each([
    ["of unknown length", {}],
    ["of a known size above the threshold", { size: 500 * MiB, multipartThreshold: 5 * MiB }],
  ])(
    "aborting a multipart upload %s mid-way: E_ABORTED, source destroyed, ListMultipartUploads empty",
    async (_label, options) => {
      const { stream, produced } = source();
      const controller = new AbortController();
      const upload = rejection(s3.uploadStream("aborted/big.bin", stream, undefined, { ...options, signal: controller.signal }));
      // Abort only once the multipart upload exists on the server, with parts sent and more in flight.
      while (produced() < 16 * MiB || (await pendingUploads(client, bucket)).length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      controller.abort();
      const error = await upload;
      expect(error).toMatchObject({ code: "E_ABORTED", operation: "uploadStream", key: "aborted/big.bin" });
      expect(stream.destroyed).toBe(true);
      expect(await pendingUploads(client, bucket)).toEqual([]);
      expect(await s3.exists("aborted/big.bin")).toBe(false);
    },
    60_000,
  );

  it.each([
    ["multipart", 5 * MiB],
    ["single PutObject", 64 * MiB],
  ])(
    "a stream shorter than its announced size (%s) fails with E_CHECKSUM_MISMATCH and stores nothing",
    async (_label, multipartThreshold) => {
      const error = await rejection(s3.uploadStream("short/stream.bin", source(11 * MiB).stream, undefined, { size: 12 * MiB, multipartThreshold }));
      expect(error.code).toBe("E_CHECKSUM_MISMATCH");
      expect(await pendingUploads(client, bucket)).toEqual([]);
      expect(await s3.exists("short/stream.bin")).toBe(false);
    },
    60_000,
  );

  it.each([
    ["multipart", 5 * MiB],
    ["single PutObject", 64 * MiB],
  ])(
    "a stream longer than its announced size (%s) fails with E_CHECKSUM_MISMATCH and stores nothing",
    async (_label, multipartThreshold) => {
      const error = await rejection(s3.uploadStream("long/stream.bin", source(13 * MiB).stream, undefined, { size: 12 * MiB, multipartThreshold }));
      expect(error.code).toBe("E_CHECKSUM_MISMATCH");
      expect(await pendingUploads(client, bucket)).toEqual([]);
      expect(await s3.exists("long/stream.bin")).toBe(false);
    },
    60_000,
  );
});

describe("uploadByPath of a symlink", () => {
  it.each([
    ["one PutObject", 64 * MiB],
    ["multipart", 5 * MiB],
  ])("uploads the whole target file, not the link's length (%s)", async (_label, multipartThreshold) => {
    const target = path.join(dir, "target.bin");
    const bytes = Buffer.alloc(6 * MiB + 123, 9);
    await writeFile(target, bytes);
    const link = path.join(dir, `link-${multipartThreshold}.bin`);
    await symlink(target, link);
    const result = await s3.uploadByPath("symlinked.bin", link, undefined, { multipartThreshold });
    expect(result.size).toBe(bytes.length);
    expect((await s3.getObject("symlinked.bin")).size).toBe(bytes.length);
    expect(sha256(await s3.download("symlinked.bin"))).toBe(sha256(bytes));
  });
});

describe("deleteMany", () => {
  it("deletes more keys than one DeleteObjects request takes (1,000)", async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/${String(i).padStart(4, "0")}.txt`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => s3.uploadByFile(key, key)));
    const result = await s3.deleteMany([...keys, "many/missing.txt"]);
    expect(result.errors).toEqual([]);
    expect(result.deleted).toHaveLength(1006);
    const left: string[] = [];
    for await (const entry of s3.list("many/")) left.push(entry.name);
    expect(left).toEqual([]);
  }, 60_000);
});
