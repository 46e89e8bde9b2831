import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@elemental/core";
import { type ElementalServer, createServer } from "@elemental/server";
import { makeBucket, randomBucketName, rawS3Client } from "@elemental/storage-s3/testing";
import { instanceFiles, writeInstanceFiles } from "@elemental/storages";
import { consolePlugin } from "../../src";

const PACKAGES = path.resolve(__dirname, "../../..");
const cleanups: Array<() => Promise<void> | void> = [];

export function s3Server() {
  const need = (name: string) => process.env[name] ?? "";
  return { endpoint: need("S3_ENDPOINT"), accessKey: need("S3_ACCESS_KEY"), secretKey: need("S3_SECRET_KEY"), region: process.env.S3_REGION || "us-east-1" };
}

export interface ConsoleFixture {
  root: string;
  server: ElementalServer;
  token: string;
  /** The page's URL with the token, as `elemental console` prints it. */
  url: string;
  bucket: string;
  /** Write actions the console reported. */
  log: string[];
}

/**
 * A temporary application with a DiskType instance (storages.Files) and a MinioType instance on a fresh
 * bucket of the test S3 server (storages.Cloud, its secret written as a literal value so that masking shows),
 * served with the console on a free loopback port; it extends `parents` (application folders) first.
 */
export async function startConsole(options: { parents?: string[] } = {}): Promise<ConsoleFixture> {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-console-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  const s3 = s3Server();
  const bucket = randomBucketName("console");
  cleanups.push(await makeBucket(rawS3Client(s3), bucket));
  writeFileSync(
    path.join(root, "app.json"),
    JSON.stringify({
      appId: "test.Console",
      title: "console test",
      extends: [...(options.parents ?? []), ...["storage-disk", "storage-s3"].map((name) => path.join(PACKAGES, name))],
    }),
  );
  // Written as `elemental new` and the console write instances.
  writeInstanceFiles(instanceFiles(root, ["storages", "Files"]), { title: "Files", type: "storages.DiskType" }, { directory: "appData/files" });
  writeInstanceFiles(
    instanceFiles(root, ["storages", "Cloud"]),
    { title: "Cloud", type: "storages.MinioType" },
    { accessKeyId: s3.accessKey, accessKeySecret: s3.secretKey, endPoint: new URL(s3.endpoint).host, bucketName: bucket, scheme: "http" },
  );
  const app = await createApp({ root });
  const token = "test-token-0123456789abcdef";
  const log: string[] = [];
  const server = await createServer(app, { plugins: [consolePlugin({ token, log: (line) => void log.push(line) })] });
  cleanups.push(async () => {
    await server.close();
    await app.close();
  });
  return { root, server, token, url: `${server.url}/console/?token=${token}`, bucket, log };
}

/** A parent application with one Disk instance, storages.Shared, for a console app to extend. */
export function parentApp(): string {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-parent-"));
  cleanups.push(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(path.join(root, "app.json"), JSON.stringify({ appId: "test.Parent", title: "parent", extends: [path.join(PACKAGES, "storage-disk")] }));
  writeInstanceFiles(instanceFiles(root, ["storages", "Shared"]), { title: "Shared", type: "storages.DiskType" }, { directory: "appData/shared" });
  return root;
}

export async function stopConsoles(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}
