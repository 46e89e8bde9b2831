import { randomBytes } from "node:crypto";
import { S3Client, CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, ListMultipartUploadsCommand, AbortMultipartUploadCommand } from "@aws-sdk/client-s3";

/** The S3 server the tests run against (set by globalSetup). */
export const server = {
  endpoint: need("S3_ENDPOINT"),
  accessKey: need("S3_ACCESS_KEY"),
  secretKey: need("S3_SECRET_KEY"),
  region: process.env.S3_REGION || "us-east-1",
};

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; the package's jest globalSetup sets it`);
  return value;
}

/** A raw SDK client for setting up and checking what the storages did. */
export function rawClient(): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: server.region,
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKey, secretAccessKey: server.secretKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function randomBucketName(label: string): string {
  return `el-${label}-${randomBytes(5).toString("hex")}`.toLowerCase();
}

/** Creates a bucket; returns a function that empties it (objects and multipart uploads) and deletes it. */
export async function makeBucket(client: S3Client, bucket: string): Promise<() => Promise<void>> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return () => removeBucket(client, bucket);
}

export async function removeBucket(client: S3Client, bucket: string): Promise<void> {
  for (const upload of await pendingUploads(client, bucket)) {
    await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));
  }
  for (;;) {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
    const keys = (page.Contents ?? []).flatMap((entry) => (entry.Key === undefined ? [] : [{ Key: entry.Key }]));
    if (keys.length === 0) break;
    await client.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: keys, Quiet: true } }));
  }
  await client.send(new DeleteBucketCommand({ Bucket: bucket }));
}

export async function pendingUploads(client: S3Client, bucket: string): Promise<Array<{ Key?: string; UploadId?: string }>> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return page.Uploads ?? [];
}
