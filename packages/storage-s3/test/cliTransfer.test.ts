import { createHash, randomBytes } from "node:crypto";
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { App } from "@elemental/core";
import { elemental } from "./support/cli";
import { configFor } from "./support/conformance";
import { PartConnections } from "./support/partConnections";
import { removeTempApps, s3App } from "./support/apps";
import { makeBucket, pendingUploads, rawClient, randomBucketName } from "./support/server";

/** `elemental put --resume [--parallel n]` and `elemental get` to a file on an S3 Type, as a person types them. */
const client = rawClient();
const MiB = 1024 * 1024;
const bytes = randomBytes(12 * MiB + 5);
const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");
let bucket = "";
let removeBucket: () => Promise<void>;
let app: App;
let counter: PartConnections;

beforeAll(async () => {
  bucket = randomBucketName("clixfer");
  removeBucket = await makeBucket(client, bucket);
  const config = { ...configFor("storages.MinioType", bucket), partSize: "5MiB", multipartThreshold: "5MiB", queueSize: "3" };
  counter = await PartConnections.start(configFor("storages.AwsS3Type", bucket).endPoint as string);
  // queueSize left at its default (16): the 3 parts go at once unless --parallel says otherwise.
  const counted = { ...configFor("storages.MinioType", bucket), endPoint: counter.host, partSize: "5MiB", multipartThreshold: "5MiB" };
  app = await s3App({ Files: { type: "storages.MinioType", config }, Counted: { type: "storages.MinioType", config: counted } });
  await writeFile(path.join(app.root, "big.bin"), bytes);
}, 60_000);

afterAll(async () => {
  await counter.close();
  await removeBucket();
  client.destroy();
  removeTempApps();
});

describe("elemental put --resume / get on S3", () => {
  it("put --resume uploads in parts and leaves no state behind; get writes the file through ranged GETs", async () => {
    const put = await elemental(["put", "storages.Files", "big.bin", "data/big.bin", "--resume", "--json"], app.root);
    expect({ code: put.code, stderr: put.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(put.stdout)).toMatchObject({ size: bytes.length, etag: expect.stringMatching(/-3"$/) });
    expect(await readdir(path.join(app.root, "appData", ".elemental", "uploads", "storages.Files"))).toEqual([]);
    expect(await pendingUploads(client, bucket)).toEqual([]);

    const get = await elemental(["get", "storages.Files", "data/big.bin", "copy.bin", "--json"], app.root);
    expect({ code: get.code, stderr: get.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(get.stdout)).toMatchObject({ size: bytes.length, etag: expect.stringMatching(/-3"$/) });
    expect(sha256(await readFile(path.join(app.root, "copy.bin")))).toBe(sha256(bytes));
  }, 60_000);

  it("put - <key> --resume is a usage error: standard input cannot be read again", async () => {
    const put = await elemental(["put", "storages.Files", "-", "data/x.bin", "--resume"], app.root);
    expect(put.code).toBe(2);
    expect(put.stderr).toMatch(/--resume continues the upload of a file/);
  }, 60_000);

  it("put --resume --parallel 1 sends one part at a time; without it the 3 parts go at once", async () => {
    const one = await elemental(["put", "storages.Counted", "big.bin", "data/one.bin", "--resume", "--parallel", "1", "--json"], app.root);
    expect({ code: one.code, stderr: one.stderr }).toEqual({ code: 0, stderr: "" });
    expect(JSON.parse(one.stdout)).toMatchObject({ size: bytes.length, etag: expect.stringMatching(/-3"$/) });
    expect(counter.peak).toBe(1);

    counter.peak = 0;
    const all = await elemental(["put", "storages.Counted", "big.bin", "data/all.bin", "--resume", "--json"], app.root);
    expect({ code: all.code, stderr: all.stderr }).toEqual({ code: 0, stderr: "" });
    expect(counter.peak).toBe(3);
    expect(await pendingUploads(client, bucket)).toEqual([]);
  }, 60_000);

  it.each([
    [["big.bin", "--parallel", "0"], /--parallel needs a whole number from 1 to 256, not "0"/],
    [["big.bin", "--parallel", "two"], /--parallel needs a whole number from 1 to 256, not "two"/],
    [["-", "data/x.bin", "--parallel", "2"], /--parallel sets the parts of a file in flight/],
  ])(
    "put %j is a usage error",
    async (args, message) => {
      const put = await elemental(["put", "storages.Files", ...args], app.root);
      expect(put.code).toBe(2);
      expect(put.stderr).toMatch(message);
    },
    60_000,
  );
});
