import { isElementError } from "@elemental/core";
import type { S3Storage } from "../src/S3Storage";
import { DEFAULTS } from "../src/settings";
import { removeTempApps, s3App } from "./support/apps";

const keys = { accessKeyId: "AKIDEXAMPLE", accessKeySecret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" };

/** Builds one instance of `type` with `config` and returns it (or throws what getElement throws). */
async function build(type: string, config: Record<string, unknown>, env: Record<string, string> = {}): Promise<S3Storage> {
  const app = await s3App({ Store: { type, config } }, env);
  return app.getElement<S3Storage>("storages.Store");
}

async function problemsOf(type: string, config: Record<string, unknown>): Promise<string[]> {
  try {
    await build(type, config);
  } catch (error) {
    if (isElementError(error, "E_INVALID_CONFIG")) return error.problems.map((problem) => problem.replace(/^.*#/, "#"));
    throw error;
  }
  throw new Error("expected E_INVALID_CONFIG");
}

afterAll(removeTempApps);

describe("storages.AwsS3Type config", () => {
  it.each([
    ["no ACL setting (buckets made today have ACLs disabled)", {}, false],
    ['acls: "true"', { acls: "true" }, true],
    ["acls: false", { acls: false }, false],
    ["a canned acl, which the bucket must accept", { acl: "public-read" }, true],
    ["a canned acl with acls: false", { acl: "public-read", acls: "false" }, false],
  ])("has visibility only when the bucket accepts ACLs: %s", async (_label, config, visibility) => {
    expect((await build("storages.AwsS3Type", { bucketName: "b", ...config })).capabilities.visibility).toBe(visibility);
  });

  it("takes AWS with only a bucket and a region: the SDK resolves the endpoint, AWS checksum defaults apply", async () => {
    const { settings } = await build("storages.AwsS3Type", { bucketName: "my-bucket", region: "eu-west-1" });
    expect(settings).toMatchObject({
      bucket: "my-bucket",
      region: "eu-west-1",
      sdkEndpoint: undefined,
      pathStyle: false,
      credentials: undefined,
      requestChecksumCalculation: "WHEN_SUPPORTED",
      responseChecksumValidation: "WHEN_SUPPORTED",
      maxAttempts: 3,
    });
    expect(settings.endpoint.href).toBe("https://s3.eu-west-1.amazonaws.com/");
    expect(settings.location).toEqual({ protocol: "https:", hostname: "my-bucket.s3.eu-west-1.amazonaws.com", port: undefined, pathPrefix: "" });
  });

  it("treats endPoint s3.amazonaws.com (no scheme) as AWS for the configured region", async () => {
    const { settings } = await build("storages.AwsS3Type", { ...keys, endPoint: "s3.amazonaws.com", bucketName: "b-1", region: "ap-south-1" });
    expect(settings.sdkEndpoint).toBeUndefined();
    expect(settings.endpoint.href).toBe("https://s3.ap-south-1.amazonaws.com/");
    expect(settings.credentials).toEqual({ accessKeyId: keys.accessKeyId, secretAccessKey: keys.accessKeySecret });
  });

  it.each([
    ["http://127.0.0.1:7480", "http:", "127.0.0.1", 7480],
    ["127.0.0.1:7480", "https:", "127.0.0.1", 7480],
    ["http://localhost:9000/", "http:", "localhost", 9000],
  ])("takes endPoint %s: %s//%s:%d, path-style, WHEN_REQUIRED checksums", async (endPoint, protocol, hostname, port) => {
    const { settings } = await build("storages.AwsS3Type", { ...keys, endPoint, bucketName: "bucket" });
    expect(settings).toMatchObject({ pathStyle: true, requestChecksumCalculation: "WHEN_REQUIRED", responseChecksumValidation: "WHEN_REQUIRED" });
    expect(settings.location).toEqual({ protocol, hostname, port, pathPrefix: "/bucket" });
    expect(settings.sdkEndpoint).toBe(`${protocol}//${hostname}:${port}`);
  });

  it("uses virtual-host addressing on a named host unless forcePathStyle, which also arrives as a string", async () => {
    const virtual = await build("storages.AwsS3Type", { ...keys, endPoint: "https://storage.example.com", bucketName: "pics" });
    expect(virtual.settings.location).toMatchObject({ hostname: "pics.storage.example.com", pathPrefix: "" });
    for (const forcePathStyle of [true, "true"]) {
      const pathStyle = await build("storages.AwsS3Type", { ...keys, endPoint: "https://storage.example.com/s3", bucketName: "pics", forcePathStyle });
      expect(pathStyle.settings.location).toMatchObject({ hostname: "storage.example.com", pathPrefix: "/s3/pics" });
    }
    const dotted = await build("storages.AwsS3Type", { ...keys, endPoint: "https://storage.example.com", bucketName: "my.pics", forcePathStyle: "false" });
    expect(dotted.settings.pathStyle).toBe(true);
  });

  it("reads flags, counts and sizes given as strings (from ${VAR}) and lets checksums be configured", async () => {
    const { settings } = await build(
      "storages.AwsS3Type",
      {
        ...keys,
        endPoint: "${ENDPOINT}",
        bucketName: "b-2",
        maxAttempts: "${ATTEMPTS:-5}",
        multipartThreshold: "100MiB",
        partSize: "8 MB",
        queueSize: "2",
        requestChecksumCalculation: "WHEN_SUPPORTED",
        publicBaseUrl: "https://cdn.example.com/files/",
      },
      { ENDPOINT: "http://10.0.0.5:9000" },
    );
    expect(settings).toMatchObject({
      maxAttempts: 5,
      multipartThreshold: 100 * 1024 * 1024,
      partSize: 8_000_000,
      queueSize: 2,
      requestChecksumCalculation: "WHEN_SUPPORTED",
      responseChecksumValidation: "WHEN_REQUIRED",
      publicBaseUrl: "https://cdn.example.com/files",
    });
  });

  it("treats empty values (an unset ${VAR:-}) as not given: defaults and the default credential chain", async () => {
    const { settings } = await build("storages.AwsS3Type", {
      accessKeyId: "",
      accessKeySecret: "",
      endPoint: "",
      bucketName: "b-3",
      region: "",
      forcePathStyle: "",
      publicBaseUrl: "",
      maxAttempts: "",
      partSize: "",
    });
    expect(settings).toMatchObject({ credentials: undefined, region: DEFAULTS.region, publicBaseUrl: undefined, maxAttempts: 3, partSize: DEFAULTS.partSize });
  });

  it("reports every schema problem with its JSON pointer", async () => {
    const problems = await problemsOf("storages.AwsS3Type", {
      forcePathStyle: "yes",
      maxAttempts: "0",
      partSize: "big",
      endpoint: "typo",
      requestChecksumCalculation: "ALWAYS",
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        "#/bucketName: is required",
        expect.stringMatching(/^#\/forcePathStyle: /),
        expect.stringMatching(/^#\/maxAttempts: /),
        expect.stringMatching(/^#\/partSize: /),
        "#/endpoint: is not allowed",
        expect.stringMatching(/^#\/requestChecksumCalculation: must be one of/),
      ]),
    );
  });

  it("reports what the schema cannot see: half a key pair, a part under 5 MiB, a bad endpoint or publicBaseUrl", async () => {
    expect(
      await problemsOf("storages.AwsS3Type", { accessKeyId: "AKID", bucketName: "b", partSize: "4MiB", endPoint: "ftp://host", publicBaseUrl: "cdn" }),
    ).toEqual([
      "#/endPoint: the scheme must be http or https, not ftp",
      "#/accessKeySecret: is required when accessKeyId is given",
      "#/publicBaseUrl: must be an http(s) URL",
      "#/partSize: must be at least 5 MiB (5242880 bytes), S3's smallest part",
    ]);
  });

  it("never shows a config value, such as the secret, in a config error", async () => {
    const secret = "wJalrXUtnFEMI/K7MDENG/very-secret";
    try {
      await build("storages.AwsS3Type", { accessKeySecret: secret, bucketName: "b", partSize: "1MiB", acl: 7 });
      throw new Error("expected E_INVALID_CONFIG");
    } catch (error) {
      expect(isElementError(error, "E_INVALID_CONFIG")).toBe(true);
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe("storages.MinioType config", () => {
  it("takes host:port with scheme http by default, always path-style", async () => {
    const { settings } = await build("storages.MinioType", { ...keys, endPoint: "minio.internal:9000", bucketName: "media" });
    expect(settings.location).toEqual({ protocol: "http:", hostname: "minio.internal", port: 9000, pathPrefix: "/media" });
    expect(settings).toMatchObject({ pathStyle: true, region: "us-east-1", requestChecksumCalculation: "WHEN_REQUIRED" });
  });

  it("uses scheme https when configured, and a scheme written in endPoint wins", async () => {
    expect(
      (await build("storages.MinioType", { ...keys, endPoint: "minio.internal:9000", bucketName: "media", scheme: "https" })).settings.location.protocol,
    ).toBe("https:");
    expect(
      (await build("storages.MinioType", { ...keys, endPoint: "http://minio.internal:9000", bucketName: "media", scheme: "https" })).settings.location.protocol,
    ).toBe("http:");
  });

  it("requires keys, endPoint and bucketName, and a known scheme", async () => {
    expect(await problemsOf("storages.MinioType", { scheme: "ftp" })).toEqual(
      expect.arrayContaining([
        "#/accessKeyId: is required",
        "#/accessKeySecret: is required",
        "#/endPoint: is required",
        "#/bucketName: is required",
        '#/scheme: must be one of "http", "https", ""',
      ]),
    );
  });
});

describe("storages.CloudflareR2Type config", () => {
  it("defaults the region to auto, addresses the bucket by host name, and sends no checksum by default", async () => {
    const { settings } = await build("storages.CloudflareR2Type", { ...keys, endPoint: "https://0123abcd.r2.cloudflarestorage.com", bucketName: "assets" });
    expect(settings).toMatchObject({ region: "auto", pathStyle: false, acl: undefined, requestChecksumCalculation: "WHEN_REQUIRED" });
    expect(settings.location.hostname).toBe("assets.0123abcd.r2.cloudflarestorage.com");
  });

  it("has no acls field either, so no visibility", async () => {
    expect(await problemsOf("storages.CloudflareR2Type", { ...keys, endPoint: "https://x.r2.cloudflarestorage.com", bucketName: "a", acls: true })).toEqual([
      "#/acls: is not allowed",
    ]);
    const r2 = await build("storages.CloudflareR2Type", { ...keys, endPoint: "https://x.r2.cloudflarestorage.com", bucketName: "a" });
    expect(r2.capabilities.visibility).toBe(false);
  });

  it("has no acl field (R2 has no ACLs)", async () => {
    expect(
      await problemsOf("storages.CloudflareR2Type", { ...keys, endPoint: "https://x.r2.cloudflarestorage.com", bucketName: "a", acl: "public-read" }),
    ).toEqual(["#/acl: is not allowed"]);
  });
});
