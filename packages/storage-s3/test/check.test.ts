import type { S3Storage } from "../src/S3Storage";
import { configFor } from "./support/conformance";
import { testBucket } from "./support/testBucket";

const bucket = testBucket("check");

function storage(type: string, change: Record<string, unknown> = {}): Promise<S3Storage> {
  return bucket.store<S3Storage>(type, { ...configFor(type, bucket.name), ...change });
}

const summary = (report: Awaited<ReturnType<S3Storage["check"]>>) => report.steps.map((step) => `${step.status} ${step.name}`);

describe("check() on the S3 Types", () => {
  it.each(["storages.AwsS3Type", "storages.MinioType", "storages.OssType", "storages.EosType", "storages.QiniuType"])(
    "passes every step on a healthy %s, timing each, and leaves no probe object",
    async (type) => {
      const report = await (await storage(type)).check();
      expect(report).toMatchObject({ element: "storages.Store", storageType: type, ok: true });
      expect(summary(report)).toEqual([
        "ok resolve the endpoint",
        "ok reach the server, compare clocks",
        "ok verify the credentials and the bucket",
        "ok write a probe object",
        "ok read it back",
        "ok delete it",
        "warning CORS for browser uploads",
      ]);
      expect(report.steps.every((step) => step.ms >= 0)).toBe(true);
      expect(report.steps.at(-1)?.fix).toContain("CORS rule");
      const left = await (await storage(type)).list(".elemental-check/").next();
      expect(left.done).toBe(true);
    },
    60_000,
  );

  it("a wrong secret fails at the credentials with E_ACCESS_DENIED, names the element, never the secret, and says what to fix", async () => {
    const secret = "wrong-secret-that-must-not-show";
    const report = await (await storage("storages.MinioType", { accessKeySecret: secret })).check();
    const failed = report.steps.find((step) => step.status === "failed");
    expect([report.ok, failed?.name, failed?.error?.code]).toEqual([false, "verify the credentials and the bucket", "E_ACCESS_DENIED"]);
    expect(failed?.error?.message).toContain("storages.Store");
    expect(JSON.stringify(report)).not.toContain(secret);
    expect(failed?.error?.message).not.toContain(secret);
    expect(failed?.fix).toContain("accessKeySecret");
    expect(summary(report).slice(3)).toEqual(["skipped write a probe object", "skipped read it back", "skipped delete it", "skipped CORS for browser uploads"]);
  });

  it("a missing bucket fails with E_INVALID_CONFIG and the fix names the bucket setting", async () => {
    const report = await (await storage("storages.MinioType", { bucketName: `${bucket.name}-missing` })).check();
    const failed = report.steps.find((step) => step.status === "failed");
    expect([failed?.name, failed?.error?.code]).toEqual(["verify the credentials and the bucket", "E_INVALID_CONFIG"]);
    expect(failed?.error?.message).toContain(`${bucket.name}-missing`);
    expect(failed?.fix).toBe("create the bucket, or correct bucketName");
  });

  it("a dead endpoint fails when reaching the server, with E_UNAVAILABLE", async () => {
    const report = await (await storage("storages.MinioType", { endPoint: "127.0.0.1:9" })).check();
    const failed = report.steps.find((step) => step.status === "failed");
    expect([failed?.name, failed?.error?.code]).toEqual(["reach the server, compare clocks", "E_UNAVAILABLE"]);
    expect(failed?.error?.message).toContain("storages.Store");
    expect(failed?.fix).toContain("endpoint");
  });

  it("a host that does not resolve fails at the first step", async () => {
    const report = await (await storage("storages.MinioType", { endPoint: "no-such-host.invalid:9000" })).check();
    expect(report.steps[0]).toMatchObject({ name: "resolve the endpoint", status: "failed", fix: expect.stringContaining("does not resolve") });
    expect(report.steps[0]?.error?.code).toBe("E_UNAVAILABLE");
  });
});
