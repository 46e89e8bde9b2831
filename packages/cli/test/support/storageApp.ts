// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the config holds ${VAR} references, as users write them
import { createRequire } from "node:module";
import path from "node:path";
import { makeBucket, randomBucketName, rawClient } from "../../../storage-s3/test/support/server";
import { REPO, tempApp } from "./elemental";

interface ListPage {
  Contents?: Array<{ Key?: string; ETag?: string }>;
  IsTruncated?: boolean;
  NextContinuationToken?: string;
}

// The CLI does not depend on the AWS SDK; the tests take it from storage-s3, as the application does.
const { ListObjectsV2Command } = createRequire(path.join(REPO, "packages/storage-s3/package.json"))("@aws-sdk/client-s3") as {
  ListObjectsV2Command: new (input: { Bucket: string; Prefix: string; ContinuationToken: string | undefined }) => never;
};

export interface StorageApp {
  root: string;
  bucket: string;
  /** Every object of the bucket under a prefix, by key relative to it, with its ETag without quotes. */
  s3Objects(prefix: string): Promise<Map<string, string>>;
  remove(): Promise<void>;
}

/**
 * A temporary application extending the disk and S3 Type packages, with `storages.Files` (DiskType, in
 * appData/files) and `storages.S3` (AwsS3Type, a bucket of its own on the tests' S3 server, emptied and
 * deleted by `remove`). The S3 config takes the S3_* variables that globalSetup puts in the environment.
 */
export async function storageApp(label: string): Promise<StorageApp> {
  const client = rawClient();
  const bucket = randomBucketName(label);
  const removeBucket = await makeBucket(client, bucket);
  const app = tempApp(
    { appId: "test.CliSync", extends: [path.join(REPO, "packages/storage-disk"), path.join(REPO, "packages/storage-s3")] },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/Files/Files.json": { directory: "appData/files" },
      "storages/S3/e.json": { title: "S3", type: "storages.AwsS3Type" },
      "storages/S3/S3.json": {
        accessKeyId: "${S3_ACCESS_KEY}",
        accessKeySecret: "${S3_SECRET_KEY}",
        endPoint: "${S3_ENDPOINT}",
        region: "${S3_REGION}",
        bucketName: bucket,
        forcePathStyle: true,
      },
    },
  );
  return {
    root: app.root,
    bucket,
    async s3Objects(prefix) {
      const objects = new Map<string, string>();
      let ContinuationToken: string | undefined;
      do {
        const page = (await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }))) as ListPage;
        for (const entry of page.Contents ?? []) objects.set((entry.Key ?? "").slice(prefix.length), (entry.ETag ?? "").replace(/"/g, ""));
        ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (ContinuationToken);
      return objects;
    },
    async remove() {
      await removeBucket();
      client.destroy();
      app.remove();
    },
  };
}
