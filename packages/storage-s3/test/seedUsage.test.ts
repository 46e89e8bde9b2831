import path from "node:path";
import { type App, createApp } from "@elemental/core";
import { type StorageError, isStorageError } from "@elemental/storages";
import type { AwsS3Storage } from "../src/AwsS3Storage";
import { makeBucket, rawClient, randomBucketName, server } from "./support/server";

/** The seed's usage, step by step, against `storages.MyS3` of the repository's root application. */
const REPO = path.resolve(__dirname, "../../..");
const client = rawClient();
const bucket = randomBucketName("seed");
let removeBucket: () => Promise<void>;
let app: App;
let s3: AwsS3Storage;

beforeAll(async () => {
  removeBucket = await makeBucket(client, bucket);
  app = await createApp({
    root: REPO,
    env: { S3_ACCESS_KEY: server.accessKey, S3_SECRET_KEY: server.secretKey, S3_ENDPOINT: server.endpoint, S3_REGION: server.region, S3_BUCKET: bucket },
  });
  s3 = app.getElement<AwsS3Storage>("storages.MyS3");
});

afterAll(async () => {
  await s3?.close();
  await removeBucket();
  client.destroy();
});

describe("the seed's usage on storages.MyS3", () => {
  it("is an AwsS3Type instance configured from the S3_* variables", () => {
    expect(app.getElementDefine("storages.MyS3").type).toBe("storages.AwsS3Type");
    expect(s3.storageType).toBe("storages.AwsS3Type");
    expect(s3.settings).toMatchObject({ bucket, region: server.region, pathStyle: true });
  });

  it("uploadByFile returns the url, name, size, etag and content type", async () => {
    const result = await s3.uploadByFile("folder/example.txt", Buffer.from("Hello, Elemental!"), "text/plain");
    expect(result).toEqual({
      url: `${server.endpoint}/${bucket}/folder/example.txt`,
      name: "folder/example.txt",
      size: 17,
      etag: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      contentType: "text/plain",
    });
  });

  it("getSignUrl returns a URL that fetch can read for 300 seconds", async () => {
    const url = await s3.getSignUrl("folder/example.txt", "text/plain");
    expect(url).toContain("X-Amz-Expires=300");
    const response = await fetch(url);
    expect([response.status, await response.text()]).toEqual([200, "Hello, Elemental!"]);
  });

  it("download returns the bytes and getObject the information", async () => {
    expect((await s3.download("folder/example.txt")).toString()).toBe("Hello, Elemental!");
    expect(await s3.getObject("folder/example.txt")).toMatchObject({ name: "folder/example.txt", size: 17, contentType: "text/plain", metadata: {} });
  });

  it("delete removes the object", async () => {
    expect(await s3.delete("folder/example.txt")).toEqual({ name: "folder/example.txt", deleted: true });
    expect(await s3.exists("folder/example.txt")).toBe(false);
  });

  it("uploads a batch of files in a loop", async () => {
    const urls: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const result = await s3.uploadByFile(`batch/file-${i}.txt`, `file number ${i}`, "text/plain");
      urls.push(result.url);
    }
    expect(urls).toHaveLength(10);
    const names: string[] = [];
    for await (const entry of s3.list("batch/")) names.push(entry.name);
    expect(names.sort()).toEqual(Array.from({ length: 10 }, (_, i) => `batch/file-${i + 1}.txt`).sort());
    expect((await s3.download("batch/file-7.txt")).toString()).toBe("file number 7");
  });

  it("handles exceptions: a failing call throws a StorageError with a code, the storage type and the element", async () => {
    let caught: StorageError | undefined;
    try {
      await s3.download("folder/not-there.txt");
    } catch (error) {
      if (isStorageError(error)) caught = error;
    }
    expect(caught).toMatchObject({
      code: "E_NOT_FOUND",
      storageType: "storages.AwsS3Type",
      element: "storages.MyS3",
      operation: "download",
      key: "folder/not-there.txt",
    });
    expect(caught?.message).toContain("storages.MyS3");
  });
});
