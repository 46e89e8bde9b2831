import type { S3Client } from "@aws-sdk/client-s3";
import { makeBucket, randomBucketName, rawS3Client } from "@elemental/storage-s3/testing";
import type { S3Env } from "./s3Env";

export { pendingUploads, removeBucket } from "@elemental/storage-s3/testing";

/** A raw SDK client straight to the server (never through the fault proxy): for setting up and checking. */
export function rawClient(env: S3Env): S3Client {
  return rawS3Client(env);
}

export function bucketName(label: string): string {
  return randomBucketName(`rel-${label}`);
}

export async function createBucket(client: S3Client, bucket: string): Promise<void> {
  await makeBucket(client, bucket);
}
