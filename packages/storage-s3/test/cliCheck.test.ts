import { elemental } from "./support/cli";
import { configFor } from "./support/conformance";
import { removeTempApps, s3App } from "./support/apps";
import { makeBucket, rawClient, randomBucketName } from "./support/server";

/** `elemental check <element>` as a person runs it first when a storage does not work: one process per case. */
const client = rawClient();
let bucket = "";
let removeBucket: () => Promise<void>;
const SECRET = "a-wrong-secret-never-shown";

beforeAll(async () => {
  bucket = randomBucketName("clicheck");
  removeBucket = await makeBucket(client, bucket);
});

afterAll(async () => {
  await removeBucket();
  client.destroy();
  removeTempApps();
});

async function check(change: Record<string, unknown>, json = true) {
  const app = await s3App({ Files: { type: "storages.MinioType", config: { ...configFor("storages.MinioType", bucket), ...change } } });
  const outcome = await elemental(["check", "storages.Files", ...(json ? ["--json"] : [])], app.root);
  return { ...outcome, report: json ? JSON.parse(outcome.stdout) : undefined };
}

const failedStep = (report: { steps: Array<{ status: string; name: string; error?: { code: string; message: string }; fix?: string }> }) =>
  report.steps.find((step) => step.status === "failed");

describe("elemental check", () => {
  it("on a healthy storage: every step ok with its time, exit 0", async () => {
    const { code, stdout } = await check({}, false);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}ok +\d+\.\d ms {2}verify the credentials and the bucket: bucket "el-clicheck-/m);
    expect(stdout).toMatch(/^ {2}ok +\d+\.\d ms {2}delete it$/m);
    expect(stdout).toContain("storages.Files works");
  }, 60_000);

  it("with a wrong secret: E_ACCESS_DENIED at the credentials, exit 1, the element named, the secret never shown", async () => {
    const { code, stdout, stderr, report } = await check({ accessKeySecret: SECRET });
    expect([code, report.ok, failedStep(report)?.error?.code]).toEqual([1, false, "E_ACCESS_DENIED"]);
    expect(failedStep(report)?.error?.message).toContain("storages.Files");
    expect(failedStep(report)?.fix).toContain("accessKeySecret");
    expect(stdout + stderr).not.toContain(SECRET);
  }, 60_000);

  it("with a missing bucket: E_INVALID_CONFIG naming the bucket, and the fix", async () => {
    const { code, report } = await check({ bucketName: `${bucket}-gone` });
    expect([code, failedStep(report)?.error?.code, failedStep(report)?.fix]).toEqual([1, "E_INVALID_CONFIG", "create the bucket, or correct bucketName"]);
    expect(failedStep(report)?.error?.message).toContain(`${bucket}-gone`);
  }, 60_000);

  it("with a dead endpoint: E_UNAVAILABLE when reaching the server, the later steps skipped", async () => {
    const { code, report } = await check({ endPoint: "127.0.0.1:9" });
    expect([code, failedStep(report)?.name, failedStep(report)?.error?.code]).toEqual([1, "reach the server, compare clocks", "E_UNAVAILABLE"]);
    expect(report.steps.slice(2).every((step: { status: string }) => step.status === "skipped")).toBe(true);
  }, 60_000);
});
