/**
 * Helpers for tests that run against a real S3-compatible server (`@elemental/storage-s3/testing`): a raw
 * SDK client for setting up and checking what a storage did, and buckets of their own that are emptied
 * (objects and multipart uploads) and deleted afterwards. Not loaded by the package's main entry.
 */
import { randomBytes } from "node:crypto";
import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  S3Client,
} from "@aws-sdk/client-s3";

export interface S3ServerAddress {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

/** A raw SDK client straight to the server, path-style, with the checksum settings S3-compatible servers need. */
export function rawS3Client(server: S3ServerAddress): S3Client {
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

/** Creates a bucket; returns a function that empties and deletes it. */
export async function makeBucket(client: S3Client, bucket: string): Promise<() => Promise<void>> {
  await client.send(new CreateBucketCommand({ Bucket: bucket }));
  return () => removeBucket(client, bucket);
}

/** Empties a bucket (multipart uploads, then objects) and deletes it. */
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

/** The multipart uploads the server still holds for a bucket (what a failed or aborted upload must not leave). */
export async function pendingUploads(client: S3Client, bucket: string): Promise<Array<{ Key?: string; UploadId?: string }>> {
  const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
  return page.Uploads ?? [];
}
