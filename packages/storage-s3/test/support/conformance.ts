import { describeStorageConformance } from "@elemental/storages/testkit";
import type { S3Storage } from "../../src/S3Storage";
import { removeTempApps, s3App } from "./apps";
import { makeBucket, rawClient, randomBucketName, server } from "./server";

/**
 * A config of each Type pointing at the test server: MinIO, R2 and EOS configs are written as users would write them.
 * The test server (RGW) accepts ACLs, so AwsS3Type and MinioType say so (`acls`) and have visibility; R2, OSS,
 * EOS and Qiniu take no `acls` field (not verified on their services), so they have none.
 */
export function configFor(type: string, bucket: string): Record<string, unknown> {
  const endpoint = new URL(server.endpoint);
  const keys = { accessKeyId: server.accessKey, accessKeySecret: server.secretKey, bucketName: bucket };
  switch (type) {
    case "storages.AwsS3Type":
      return { ...keys, endPoint: server.endpoint, region: server.region, forcePathStyle: "true", acls: "true" };
    case "storages.MinioType":
      return { ...keys, endPoint: endpoint.host, scheme: endpoint.protocol.slice(0, -1), region: server.region, acls: true };
    case "storages.CloudflareR2Type":
      return { ...keys, endPoint: server.endpoint, region: server.region === "us-east-1" ? "auto" : server.region };
    // The provider Types keep their real endPoint and are sent to the test server by s3Endpoint (path style
    // follows from its IP address); EOS takes host:port and a scheme, as MinIO does.
    case "storages.OssType":
      return { ...keys, endPoint: "oss-cn-hangzhou.aliyuncs.com", s3Endpoint: server.endpoint, region: server.region };
    case "storages.EosType":
      return { ...keys, endPoint: endpoint.host, scheme: endpoint.protocol.slice(0, -1), region: server.region };
    case "storages.QiniuType":
      return { ...keys, endPoint: "upload-z2.qiniup.com", s3Endpoint: server.endpoint, region: server.region };
    default:
      throw new Error(`no test config for ${type}`);
  }
}

/** Runs the storages conformance suite against one S3 Type, in a bucket of its own, on the test server. */
export function describeS3Conformance(type: string): void {
  const client = rawClient();
  let removeBucket: (() => Promise<void>) | undefined;
  let config: Record<string, unknown> = {};
  const reopened: S3Storage[] = [];

  describeStorageConformance<S3Storage>({
    name: `${type} on ${server.endpoint}`,
    // Stated, so that the titles name the branch; a Type that declared otherwise would fail its cases.
    capabilities: { visibility: type === "storages.AwsS3Type" || type === "storages.MinioType" },
    async create() {
      const bucket = randomBucketName(type.replace(/^storages\.|Type$/g, ""));
      removeBucket = await makeBucket(client, bucket);
      config = configFor(type, bucket);
      const app = await s3App({ Store: { type, config } });
      return app.getElement<S3Storage>("storages.Store");
    },
    async reopen() {
      const app = await s3App({ Store: { type, config } });
      const fresh = app.getElement<S3Storage>("storages.Store");
      reopened.push(fresh);
      return fresh;
    },
    async destroy(storage) {
      for (const fresh of reopened.splice(0)) await fresh.close();
      await storage.close();
      await removeBucket?.();
    },
  });

  afterAll(() => {
    client.destroy();
    removeTempApps();
  });
}
