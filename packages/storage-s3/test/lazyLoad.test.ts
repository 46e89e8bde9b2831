import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { removeTempApps, s3App } from "./support/apps";

const REPO = path.resolve(__dirname, "../../..");
const keys = { accessKeyId: "AKIDPROBE", accessKeySecret: "probe-secret-key", bucketName: "probe" };

afterAll(removeTempApps);

it("createApp + getElement of S3 elements load no @aws-sdk module; the first operation does", async () => {
  const app = await s3App({
    Aws: { type: "storages.AwsS3Type", config: { ...keys, endPoint: "http://127.0.0.1:9" } },
    Minio: { type: "storages.MinioType", config: { ...keys, endPoint: "127.0.0.1:9" } },
    R2: { type: "storages.CloudflareR2Type", config: { ...keys, endPoint: "https://account.r2.cloudflarestorage.com" } },
  });
  // A fresh process: jest's own module registry does not show in require.cache.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["-C", "source", "-r", "ts-node/register", path.join(__dirname, "support/lazyLoadProbe.ts"), app.root, "storages.Aws", "storages.Minio", "storages.R2"],
    { cwd: REPO, env: { ...process.env, TS_NODE_PROJECT: "tsconfig.node.json", NODE_OPTIONS: "" }, timeout: 60_000 },
  );
  const report = JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
  expect(report).toMatchObject({ classes: ["AwsS3Storage", "MinioStorage", "CloudflareR2Storage"], afterGetElement: 0, signed: true });
  expect(report.afterFirstUse).toBeGreaterThan(0);
}, 60_000);
