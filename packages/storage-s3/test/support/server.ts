import type { S3Client } from "@aws-sdk/client-s3";
import { type S3ServerAddress, rawS3Client } from "@elemental/storage-s3/testing";

export { makeBucket, pendingUploads, randomBucketName, removeBucket } from "@elemental/storage-s3/testing";

/** The S3 server the tests run against (set by globalSetup). */
export const server: S3ServerAddress = {
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
  return rawS3Client(server);
}
