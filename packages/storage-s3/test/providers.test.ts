import { isElementError } from "@elemental/core";
import type { S3Storage } from "../src/S3Storage";
import { QINIU_ZONES } from "../src/qiniuEndpoint";
import { rejection, removeTempApps, s3App } from "./support/apps";
import { tapRequest } from "./support/requestTap";

/**
 * The URLs each provider Type builds for its real provider, from JitAi's example configs: host, path and the
 * region in the signature, for signed URLs (our signer) and for SDK requests (tapped once signed, never sent).
 */
const keys = { accessKeyId: "AKIDEXAMPLE", accessKeySecret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };
const opened: S3Storage[] = [];

async function build(type: string, config: Record<string, unknown>): Promise<S3Storage> {
  const app = await s3App({ Store: { type, config: { ...keys, bucketName: "my-bucket", ...config } } });
  const storage = app.getElement<S3Storage>("storages.Store");
  opened.push(storage);
  return storage;
}

async function problemsOf(type: string, config: Record<string, unknown>): Promise<string[]> {
  const error = await rejection(build(type, config));
  if (!isElementError(error, "E_INVALID_CONFIG")) throw error;
  return error.problems.map((problem) => problem.replace(/^.*#/, "#"));
}

/** The signed URL's origin + path, and the region its credential scope names. */
async function signed(storage: S3Storage, key = "docs/a b.txt"): Promise<{ at: string; region: string | undefined }> {
  const url = new URL(await storage.getSignUrl(key, undefined, 60));
  const scope = url.searchParams.get("X-Amz-Credential")?.split("/");
  return { at: `${url.origin}${url.pathname}`, region: scope?.[2] };
}

/** A HeadObject as it would leave: origin + path, and the region of its Authorization header. */
async function sent(storage: S3Storage): Promise<{ at: string; region: string | undefined }> {
  const client = await storage.s3Client();
  const request = await tapRequest(client, () => storage.getObject("docs/a b.txt"));
  return { at: `${request.protocol}//${request.hostname}${request.path}`, region: /Credential=[^/]+\/\d+\/([^/]+)\/s3\//.exec(request.authorization)?.[1] };
}

afterAll(async () => {
  for (const storage of opened) await storage.close();
  removeTempApps();
});

describe("storages.OssType", () => {
  it("derives region cn-hangzhou and the virtual-hosted S3 endpoint from JitAi's endPoint oss-cn-hangzhou.aliyuncs.com", async () => {
    const oss = await build("storages.OssType", { endPoint: "oss-cn-hangzhou.aliyuncs.com" });
    expect(oss.settings).toMatchObject({
      region: "cn-hangzhou",
      sdkEndpoint: "https://s3.oss-cn-hangzhou.aliyuncs.com",
      pathStyle: false,
      requestChecksumCalculation: "WHEN_REQUIRED",
    });
    const expected = { at: "https://my-bucket.s3.oss-cn-hangzhou.aliyuncs.com/docs/a%20b.txt", region: "cn-hangzhou" };
    expect(await signed(oss)).toEqual(expected);
    expect(await sent(oss)).toEqual(expected);
  });

  it.each([
    ["s3.oss-cn-beijing.aliyuncs.com", "https://my-bucket.s3.oss-cn-beijing.aliyuncs.com", "cn-beijing"],
    ["https://oss-ap-southeast-1.aliyuncs.com", "https://my-bucket.s3.oss-ap-southeast-1.aliyuncs.com", "ap-southeast-1"],
    ["oss-cn-shanghai-internal.aliyuncs.com", "https://my-bucket.s3.oss-cn-shanghai-internal.aliyuncs.com", "cn-shanghai"],
    ["my-bucket.oss-cn-shenzhen.aliyuncs.com", "https://my-bucket.s3.oss-cn-shenzhen.aliyuncs.com", "cn-shenzhen"],
    ["http://oss-cn-qingdao.aliyuncs.com", "http://my-bucket.s3.oss-cn-qingdao.aliyuncs.com", "cn-qingdao"],
  ])("takes endPoint %s: %s, region %s", async (endPoint, origin, region) => {
    expect(await signed(await build("storages.OssType", { endPoint }))).toEqual({ at: `${origin}/docs/a%20b.txt`, region });
  });

  it("takes a custom domain bound to the bucket with its region: requests name no bucket, in the host or the path", async () => {
    const oss = await build("storages.OssType", { endPoint: "https://files.example.com", region: "cn-shanghai" });
    const expected = { at: "https://files.example.com/docs/a%20b.txt", region: "cn-shanghai" };
    expect(await signed(oss)).toEqual(expected);
    expect(await sent(oss)).toEqual(expected);
  });

  it("says why it cannot derive the S3 endpoint, without repeating the value", async () => {
    expect(await problemsOf("storages.OssType", { endPoint: "files.example.com" })).toEqual([
      "#/region: is required when endPoint is a custom domain: the bucket's OSS region id, e.g. cn-hangzhou",
    ]);
    expect(await problemsOf("storages.OssType", { endPoint: "oss-accelerate.aliyuncs.com" })).toEqual([
      "#/endPoint: is a transfer-acceleration endpoint, which has no region: use the bucket's regional endpoint (oss-<region>.aliyuncs.com)",
    ]);
    expect(await problemsOf("storages.OssType", { endPoint: "ecs.cn-hangzhou.aliyuncs.com" })).toEqual([
      "#/endPoint: is an aliyuncs.com host but not an OSS endpoint (oss-<region>.aliyuncs.com or s3.oss-<region>.aliyuncs.com)",
    ]);
    expect(await problemsOf("storages.OssType", { endPoint: "10.0.0.8:9000" })).toEqual([
      "#/endPoint: is an address, not an OSS endpoint: to reach another S3 server set s3Endpoint",
    ]);
  });

  it("refuses path style on OSS itself, a bucket name that cannot be a host label, and a region that contradicts endPoint", async () => {
    expect(await problemsOf("storages.OssType", { endPoint: "oss-cn-hangzhou.aliyuncs.com", forcePathStyle: "true" })).toEqual([
      "#/forcePathStyle: applies only with s3Endpoint: OSS accepts only virtual-hosted-style requests",
    ]);
    expect(await problemsOf("storages.OssType", { endPoint: "oss-cn-hangzhou.aliyuncs.com", bucketName: "My.Bucket" })).toEqual([
      "#/bucketName: must be a DNS label (3-63 lowercase letters, digits, hyphens): this server addresses buckets only by host name",
    ]);
    expect(await problemsOf("storages.OssType", { endPoint: "oss-cn-hangzhou.aliyuncs.com", region: "cn-beijing" })).toEqual([
      "#/region: contradicts endPoint, which is in cn-hangzhou",
    ]);
  });

  it("is sent elsewhere by s3Endpoint, keeping the region endPoint names", async () => {
    const oss = await build("storages.OssType", { endPoint: "oss-cn-hangzhou.aliyuncs.com", s3Endpoint: "http://10.1.2.3:7480" });
    expect(await signed(oss)).toEqual({ at: "http://10.1.2.3:7480/my-bucket/docs/a%20b.txt", region: "cn-hangzhou" });
  });

  it("rejects a storage class OSS's S3 API would silently store as Standard with E_UNSUPPORTED", async () => {
    const oss = await build("storages.OssType", { endPoint: "oss-cn-hangzhou.aliyuncs.com" });
    const error = await rejection(oss.uploadByFile("a.txt", "x", "text/plain", { storageClass: "GLACIER" }));
    expect([error.code, error.message]).toEqual(["E_UNSUPPORTED", expect.stringContaining('storage class "GLACIER"')]);
  });
});

describe("storages.EosType", () => {
  it("addresses JitAi's example endPoint eos-beijing-1.cmecloud.cn over https, path style, signing for us-east-1", async () => {
    const eos = await build("storages.EosType", { endPoint: "eos-beijing-1.cmecloud.cn" });
    expect(eos.settings).toMatchObject({ pathStyle: true, listVersion: 1, requestChecksumCalculation: "WHEN_REQUIRED" });
    const expected = { at: "https://eos-beijing-1.cmecloud.cn/my-bucket/docs/a%20b.txt", region: "us-east-1" };
    expect(await signed(eos)).toEqual(expected);
    expect(await sent(eos)).toEqual(expected);
  });

  it("takes scheme http, and a region", async () => {
    const eos = await build("storages.EosType", { endPoint: "eos-wuxi-1.cmecloud.cn", scheme: "http", region: "wuxi1" });
    expect(await signed(eos)).toEqual({ at: "http://eos-wuxi-1.cmecloud.cn/my-bucket/docs/a%20b.txt", region: "wuxi1" });
  });
});

describe("storages.QiniuType", () => {
  it("defaults to JitAi's endPoint upload-z2.qiniup.com and scheme http: zone z2 is S3 region cn-south-1", async () => {
    const qiniu = await build("storages.QiniuType", {});
    expect(qiniu.settings).toMatchObject({ region: "cn-south-1", sdkEndpoint: "http://s3.cn-south-1.qiniucs.com", pathStyle: false });
    const expected = { at: "http://my-bucket.s3.cn-south-1.qiniucs.com/docs/a%20b.txt", region: "cn-south-1" };
    expect(await signed(qiniu)).toEqual(expected);
    expect(await sent(qiniu)).toEqual(expected);
  });

  it.each(Object.entries(QINIU_ZONES))("maps zone %s's upload domains to S3 region %s", async (zone, region) => {
    for (const endPoint of [`upload-${zone}.qiniup.com`, `up-${zone}.qiniup.com`]) {
      expect(await signed(await build("storages.QiniuType", { endPoint }))).toEqual({ at: `http://my-bucket.s3.${region}.qiniucs.com/docs/a%20b.txt`, region });
    }
  });

  it("takes z0's domains without a zone, an S3 endpoint directly, and scheme https", async () => {
    expect((await build("storages.QiniuType", { endPoint: "upload.qiniup.com" })).settings.region).toBe("cn-east-1");
    const direct = await build("storages.QiniuType", { endPoint: "s3.ap-southeast-1.qiniucs.com", scheme: "https" });
    expect(await signed(direct)).toEqual({ at: "https://my-bucket.s3.ap-southeast-1.qiniucs.com/docs/a%20b.txt", region: "ap-southeast-1" });
  });

  it("says why it cannot derive the S3 endpoint", async () => {
    expect(await problemsOf("storages.QiniuType", { endPoint: "upload-zz9.qiniup.com" })).toEqual([
      expect.stringMatching(/^#\/endPoint: names zone "zz9", which has no known S3 region \(known: z0, /),
    ]);
    expect(await problemsOf("storages.QiniuType", { endPoint: "cdn.example.com" })).toEqual([
      "#/endPoint: is neither a Qiniu upload domain (upload-<zone>.qiniup.com) nor its S3 endpoint (s3.<region>.qiniucs.com): to reach another S3 server set s3Endpoint",
    ]);
  });

  it("rejects a storage class Kodo's S3 API does not take (STANDARD_IA: Kodo's is LINE) with E_UNSUPPORTED", async () => {
    const qiniu = await build("storages.QiniuType", {});
    const error = await rejection(qiniu.uploadByFile("a.txt", "x", "text/plain", { storageClass: "STANDARD_IA" }));
    expect(error.code).toBe("E_UNSUPPORTED");
  });
});
