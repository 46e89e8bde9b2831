import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, type CreateAppOptions, createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { bucketName, createBucket, rawClient, removeBucket } from "./s3Bucket";
import { readS3Env } from "./s3Env";

export const PACKAGES = {
  storages: path.resolve(__dirname, "../../../storages"),
  disk: path.resolve(__dirname, "../../../storage-disk"),
  s3: path.resolve(__dirname, "../../../storage-s3"),
};

export type TargetLabel = "memory" | "disk" | "s3";

export const TYPE_OF: Record<TargetLabel, string> = { memory: "storages.MemoryType", disk: "storages.DiskType", s3: "storages.AwsS3Type" };

/** One storage element of a given Type in a temporary application, with what is needed to check and clean it. */
export interface StorageTarget {
  label: TargetLabel;
  typeName: string;
  app: App;
  storage: StorageBase;
  root: string;
  /** For Disk: where the objects live. */
  directory: string | undefined;
  /** For S3: the bucket. */
  bucket: string | undefined;
  /** Config values that must never appear in a message or a log line. */
  secrets: string[];
  /** Files that appeared outside the storage's own places (for Disk); empty when nothing escaped. */
  escapes(): string[];
  close(): Promise<void>;
}

export interface TargetOptions {
  /** Config fields added to (or replacing) the defaults. */
  config?: Record<string, unknown>;
  /** For S3: where requests go instead of the server (a fault proxy). */
  endPoint?: string;
  /** Types registered in code for the application (e.g. a Type subclass with `override: true`). */
  types?: CreateAppOptions["types"];
  typeName?: string;
  env?: Record<string, string>;
}

export const DISK_SIGNING_SECRET = "SECRET-CANARY-DISK-93ab5e0d17c4f268";

export async function openTarget(label: TargetLabel, options: TargetOptions = {}): Promise<StorageTarget> {
  const root = mkdtempSync(path.join(tmpdir(), `elemental-rel-${label}-`));
  const typeName = options.typeName ?? TYPE_OF[label];
  const secrets: string[] = [];
  let config: Record<string, unknown> = {};
  let directory: string | undefined;
  let bucket: string | undefined;
  let dropBucket = async (): Promise<void> => undefined;
  if (label === "disk") {
    directory = path.join(root, "data", "objects");
    config = { directory, signingSecret: DISK_SIGNING_SECRET };
    secrets.push(DISK_SIGNING_SECRET);
  }
  if (label === "s3") {
    const env = await readS3Env();
    const client = rawClient(env);
    bucket = bucketName("t");
    await createBucket(client, bucket);
    dropBucket = async () => {
      await removeBucket(client, bucket as string).catch(() => undefined);
      client.destroy();
    };
    config = {
      accessKeyId: env.accessKey,
      accessKeySecret: env.secretKey,
      endPoint: options.endPoint ?? env.endpoint,
      bucketName: bucket,
      region: env.region,
      forcePathStyle: true,
    };
    secrets.push(env.secretKey);
  }
  writeApp(root, label, typeName, { ...config, ...options.config });
  const app = await createApp({ root, env: options.env ?? {}, ...(options.types ? { types: options.types } : {}) });
  const storage = app.getElement<StorageBase>("storages.Store");
  return {
    label,
    typeName,
    app,
    storage,
    root,
    directory,
    bucket,
    secrets,
    escapes: () => (label === "disk" ? strayFiles(root) : []),
    close: async () => {
      await (storage as { close?: () => Promise<void> }).close?.();
      await dropBucket();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** Writes an application with one storage element `storages.Store` of `typeName` with `config`. */
export function writeApp(root: string, label: TargetLabel, typeName: string, config: Record<string, unknown>): void {
  const extendsDir = label === "memory" ? PACKAGES.storages : label === "disk" ? PACKAGES.disk : PACKAGES.s3;
  const files: Record<string, unknown> = {
    "app.json": { appId: "reliability.Target", title: "reliability target", extends: [extendsDir] },
    "storages/Store/e.json": { title: "Store", type: typeName },
    "storages/Store/Store.json": config,
  };
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(content, null, 2));
  }
}

/** Anything under the application folder that is neither the application's own files nor the storage's directory. */
function strayFiles(root: string): string[] {
  const allowed = new Set(["app.json", "storages", "data", "appData", "scratch"]);
  const stray = readdirSync(root).filter((name) => !allowed.has(name));
  const data = path.join(root, "data");
  const inData = existsSync(data) ? readdirSync(data).filter((name) => name !== "objects") : [];
  return [...stray, ...inData.map((name) => `data/${name}`)];
}
