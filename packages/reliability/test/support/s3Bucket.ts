import { randomBytes } from "node:crypto";
import {
  AbortMultipartUploadCommand, CreateBucketCommand, DeleteBucketCommand, DeleteObjectsCommand, ListMultipartUploadsCommand,
  ListObjectsV2Command, S3Client,
} from "@aws-sdk/client-s3";
import type { S3Env } from "./s3Env";

/** A raw SDK client straight to the server (never through the fault proxy): for setting up and checking. */
export function rawClient(env: S3Env): S3Client {
  return new S3Client({
    endpoint: env.endpoint,
    region: env.region,
    forcePathStyle: true,
    credentials: { accessKeyId: env.accessKey, secretAccessKey: env.secretKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export function bucketName(label: string): string {
  return `rel-${label}-${randomBytes(4).toString("hex")}`.toLowerCase();
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** The multipart uploads the server still holds for a bucket (what an aborted or failed upload must not leave). */
export async function pendingUploads(client: S3Client, bucket: string): Promise<Array<{ Key?: string; UploadId?: string }>> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return page.Uploads ?? [];
}

/** Empties a bucket (objects and multipart uploads) and deletes it. */
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
