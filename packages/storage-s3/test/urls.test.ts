import type { S3Client } from "@aws-sdk/client-s3";
import type { ElementContext } from "@elemental/core";
import { AwsS3Storage, type AwsS3Config } from "../src/AwsS3Storage";
import { createS3Client } from "../src/clientFactory";
import type { S3Settings } from "../src/settings";
import { s3App } from "./support/apps";
import { server } from "./support/server";
import { testBucket } from "./support/testBucket";

const CHECKSUM_PARAM = /[?&]x-amz-(sdk-)?checksum/i;

const bucket = testBucket("urls");

function storage(config: Record<string, unknown> = {}): Promise<AwsS3Storage> {
  return bucket.store<AwsS3Storage>("storages.AwsS3Type", bucket.awsS3Config(config));
}

async function status(url: string, init?: RequestInit): Promise<number> {
  const response = await fetch(url, init);
  await response.arrayBuffer();
  return response.status;
}

describe("the url uploadByFile returns", () => {
  const key = "docs/a b ü+é (1).txt";
  const encoded = "docs/a%20b%20%C3%BC%2B%C3%A9%20%281%29.txt";

  it("is the object's path-style endpoint URL, each key segment percent-encoded; it needs a signature on a private bucket", async () => {
    const s3 = await storage();
    const { url } = await s3.uploadByFile(key, "private");
    expect(url).toBe(`${server.endpoint}/${bucket.name}/${encoded}`);
    expect(await status(url)).toBe(403);
  });

  it("works without a signature when the object is public (acl: public-read)", async () => {
    const s3 = await storage({ acl: "public-read" });
    const { url } = await s3.uploadByFile("public/hello.txt", "public bytes");
    const response = await fetch(url);
    expect([response.status, await response.text()]).toEqual([200, "public bytes"]);
  });

  it("is publicBaseUrl + the encoded key when publicBaseUrl is configured", async () => {
    const s3 = await storage({ publicBaseUrl: "https://cdn.example.com/assets/" });
    expect((await s3.uploadByFile(key, "x")).url).toBe(`https://cdn.example.com/assets/${encoded}`);
  });
});

describe("signed URLs on the server", () => {
  it("getSignUrl carries no checksum, passes the content type as response-content-type, and the server honours it", async () => {
    const s3 = await storage();
    await s3.uploadByFile("signed/page.bin", "<p>hi</p>", "application/octet-stream");
    const url = await s3.getSignUrl("signed/page.bin", "text/html", 60);
    expect(url).not.toMatch(CHECKSUM_PARAM);
    expect(url).toContain("response-content-type=text%2Fhtml");
    const response = await fetch(url);
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([200, "text/html", "<p>hi</p>"]);
    const plain = await s3.getSignUrl("signed/page.bin");
    expect(plain).not.toContain("response-content-type");
    expect(plain).toContain("X-Amz-Expires=300");
  });

  it("getUploadUrl signs the content type, returns it as a header to send, and carries no checksum", async () => {
    const s3 = await storage();
    const upload = await s3.getUploadUrl("signed/upload.csv", "text/csv", 60);
    expect(upload.headers).toEqual({ "content-type": "text/csv" });
    expect(upload.url).not.toMatch(CHECKSUM_PARAM);
    expect(await status(upload.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: "a,b" })).toBe(403);
    expect(await status(upload.url, { method: "PUT", headers: upload.headers, body: "a,b" })).toBe(200);
    expect(await s3.getObject("signed/upload.csv")).toMatchObject({ size: 3, contentType: "text/csv" });
  });

  it("upload and download URLs of a key with Unicode, spaces, + and % work, with a content type that has parameters", async () => {
    const s3 = await storage();
    const key = "signed/ünï cödé + 100% (1)/日本.txt";
    const upload = await s3.getUploadUrl(key, "text/plain; charset=utf-8", 60);
    expect(await status(upload.url, { method: "PUT", headers: upload.headers, body: "ünï" })).toBe(200);
    const response = await fetch(await s3.getSignUrl(key, "text/markdown; charset=utf-8", 60));
    expect([response.status, response.headers.get("content-type"), await response.text()]).toEqual([200, "text/markdown; charset=utf-8", "ünï"]);
    expect((await s3.getObject(key)).contentType).toBe("text/plain; charset=utf-8");
  });

  it("an expired upload URL is refused with 403", async () => {
    const s3 = await storage();
    const upload = await s3.getUploadUrl("signed/late.txt", "text/plain", 1);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect(await status(upload.url, { method: "PUT", headers: upload.headers, body: "late" })).toBe(403);
    expect(await s3.exists("signed/late.txt")).toBe(false);
  });

  it("an upload URL of a storage with an ACL signs it as a header the uploader must send", async () => {
    const s3 = await storage({ acl: "public-read" });
    const upload = await s3.getUploadUrl("signed/public.txt", "text/plain", 60);
    expect(upload.headers).toEqual({ "content-type": "text/plain", "x-amz-acl": "public-read" });
    expect(await status(upload.url, { method: "PUT", headers: { "content-type": "text/plain" }, body: "no acl" })).toBe(403);
    expect(await status(upload.url, { method: "PUT", headers: upload.headers, body: "for all" })).toBe(200);
    expect(await status(`${server.endpoint}/${bucket.name}/signed/public.txt`)).toBe(200);
  });
});

describe("the injected client factory", () => {
  it("is called once per element, however many operations and signatures run at once", async () => {
    const made: S3Settings[] = [];
    const counting = async (settings: S3Settings): Promise<S3Client> => {
      made.push(settings);
      return createS3Client(settings);
    };
    const app = await s3App({
      Counted: {
        type: "storages.AwsS3Type",
        config: bucket.awsS3Config(),
      },
    });
    app.registerType(
      "storages.AwsS3Type",
      class CountedS3 extends AwsS3Storage {
        constructor(context: ElementContext<AwsS3Config>) {
          super(context, counting);
        }
      },
      { override: true },
    );
    const s3 = bucket.track(app.getElement<AwsS3Storage>("storages.Counted"));
    expect(made).toHaveLength(0);
    await Promise.all([
      ...Array.from({ length: 10 }, (_, i) => s3.uploadByFile(`factory/${i}.txt`, String(i))),
      ...Array.from({ length: 100 }, (_, i) => s3.getSignUrl(`factory/${i % 10}.txt`)),
    ]);
    expect(made).toHaveLength(1);
    expect(made[0]?.bucket).toBe(bucket.name);
  });
});
