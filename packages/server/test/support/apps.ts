import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "@elemental/core";
import { makeBucket, randomBucketName, rawS3Client } from "@elemental/storage-s3/testing";

const PACKAGES = path.resolve(__dirname, "../../..");
const made: string[] = [];
const buckets: Array<() => Promise<void>> = [];

export type Backend = "Disk" | "S3";

/** The S3 server globalSetup found (the local RGW unless S3_ENDPOINT is set). */
function s3Server() {
  const need = (name: string) => process.env[name] ?? "";
  return { endpoint: need("S3_ENDPOINT"), accessKey: need("S3_ACCESS_KEY"), secretKey: need("S3_SECRET_KEY"), region: process.env.S3_REGION || "us-east-1" };
}

/**
 * Writes a temporary application whose default storage is a DiskType (`Disk`) or a MinioType on a fresh
 * bucket of the S3 server (`S3`), and which declares StorageSvc with `svcConfig`. Returns its root.
 */
export async function writeApp(backend: Backend, svcConfig: Record<string, unknown> = {}): Promise<string> {
  const root = mkdtempSync(path.join(tmpdir(), `elemental-server-${backend}-`));
  made.push(root);
  const files: Record<string, unknown> = {
    "app.json": {
      appId: "test.Server",
      title: "server test",
      extends: ["storage-service", "storage-disk", "storage-s3"].map((name) => path.join(PACKAGES, name)),
      settings: { defaultElement: { defaultStorage: "storages.Files" } },
    },
    "storages/services/StorageSvc/e.json": {
      title: "Storage service",
      type: "services.NormalType",
      backendBundleEntry: path.join(PACKAGES, "storage-service/storages/services/StorageSvc"),
    },
    "storages/services/StorageSvc/StorageSvc.json": { sweepIntervalSeconds: 0, ...svcConfig },
  };
  if (backend === "Disk") {
    files["storages/Files/e.json"] = { title: "Files", type: "storages.DiskType", backendBundleEntry: "." };
    files["storages/Files/Files.json"] = { directory: "appData/files" };
  } else {
    const server = s3Server();
    const bucket = randomBucketName("svc");
    buckets.push(await makeBucket(rawS3Client(server), bucket));
    files["storages/Files/e.json"] = { title: "Files", type: "storages.MinioType" };
    files["storages/Files/Files.json"] = {
      accessKeyId: server.accessKey,
      accessKeySecret: server.secretKey,
      endPoint: new URL(server.endpoint).host,
      bucketName: bucket,
      scheme: "http",
    };
  }
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(content, null, 2));
  }
  return root;
}

export async function testApp(backend: Backend, svcConfig: Record<string, unknown> = {}): Promise<App> {
  return createApp({ root: await writeApp(backend, svcConfig) });
}

export async function cleanUp(): Promise<void> {
  for (const remove of buckets.splice(0)) await remove().catch(() => {});
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}
