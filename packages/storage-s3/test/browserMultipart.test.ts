import { ListPartsCommand } from "@aws-sdk/client-s3";
import { browserMultipartOf } from "@elemental/storages";
import type { MinioStorage } from "../src/MinioStorage";
import { pendingUploads } from "../src/testing";
import { server } from "./support/server";
import { testBucket } from "./support/testBucket";

const bucket = testBucket("browser-mp");
const MiB = 1024 * 1024;

function minio(config: Record<string, unknown> = {}): Promise<MinioStorage> {
  return bucket.store<MinioStorage>("storages.MinioType", {
    accessKeyId: server.accessKey,
    accessKeySecret: server.secretKey,
    endPoint: new URL(server.endpoint).host,
    bucketName: bucket.name,
    scheme: "http",
    ...config,
  });
}

/** A MinioType's browser multipart uploads, and one started for `key` with its first part signed. */
async function startedUpload(key: string) {
  const s3 = await minio();
  const multipart = browserMultipartOf(s3);
  if (!multipart) throw new Error("the S3 Types offer browser multipart uploads");
  const { uploadId } = await multipart.create(key, "application/octet-stream");
  return { s3, multipart, uploadId, signed: await multipart.signPart(key, uploadId, 1, 300) };
}

/** A part sent as a browser sends it: a plain PUT to the signed URL, no SDK, no credentials. */
async function sendPart(url: string, headers: Record<string, string>, body: Buffer): Promise<string> {
  const response = await fetch(url, { method: "PUT", headers, body });
  await response.arrayBuffer();
  expect(response.status).toBe(200);
  return response.headers.get("etag") ?? "";
}

test("parts sent with plain PUTs to their signed URLs, out of order, become one object; the part size follows the Type's partSize", async () => {
  const s3 = await minio({ partSize: "5MiB" });
  const multipart = browserMultipartOf(s3);
  if (!multipart) throw new Error("the S3 Types offer browser multipart uploads");
  expect(multipart.threshold).toBe(64 * MiB);
  expect(multipart.partSize(100 * MiB)).toBe(5 * MiB);
  expect(multipart.partSize(100_000 * MiB)).toBe(10 * MiB); // at most 10,000 parts
  const body = Buffer.alloc(11 * MiB);
  for (let i = 0; i < body.length; i += 4096) body.writeUInt32BE(i, i);
  const { uploadId } = await multipart.create("big/file.bin", "application/x-test");
  const slices = [body.subarray(0, 5 * MiB), body.subarray(5 * MiB, 10 * MiB), body.subarray(10 * MiB)];
  const parts = await Promise.all(
    [3, 1, 2].map(async (partNumber) => {
      const signed = await multipart.signPart("big/file.bin", uploadId, partNumber, 300);
      expect(signed.url).toContain("X-Amz-Signature=");
      return { partNumber, etag: await sendPart(signed.url, signed.headers, slices[partNumber - 1] as Buffer) };
    }),
  );
  await multipart.complete("big/file.bin", uploadId, parts);
  const info = await s3.getObject("big/file.bin");
  expect([info.size, info.contentType]).toEqual([body.length, "application/x-test"]);
  expect((await s3.download("big/file.bin")).equals(body)).toBe(true);
});

test("a part URL is signed for its part number: sending it as another part is refused", async () => {
  const { multipart, uploadId, signed } = await startedUpload("tampered.bin");
  const response = await fetch(signed.url.replace("partNumber=1", "partNumber=2"), { method: "PUT", body: "x" });
  await response.arrayBuffer();
  expect(response.status).toBe(403);
  await multipart.abort("tampered.bin", uploadId);
});

test("abort removes the parts sent and the upload; aborting it again is not an error", async () => {
  const { s3, multipart, uploadId, signed } = await startedUpload("cancelled.bin");
  await sendPart(signed.url, signed.headers, Buffer.alloc(5 * MiB, 1));
  const listed = await bucket.client.send(new ListPartsCommand({ Bucket: bucket.name, Key: "cancelled.bin", UploadId: uploadId }));
  expect(listed.Parts).toHaveLength(1);
  await multipart.abort("cancelled.bin", uploadId);
  await multipart.abort("cancelled.bin", uploadId);
  expect(await pendingUploads(bucket.client, bucket.name)).toEqual([]);
  expect(await s3.exists("cancelled.bin")).toBe(false);
});
