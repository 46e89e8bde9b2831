import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import type { Context } from "../harness/types";

const run = promisify(execFile);

export interface S3Env {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
  bucket: string;
  /** True when the endpoint is the RGW that scripts/s3 manages here, so its garbage collection can run. */
  local: boolean;
}

export const BENCH_BUCKET = process.env.BENCH_BUCKET || "elemental-bench";

let ready: Promise<S3Env> | undefined;

/**
 * The S3 endpoint to measure against: S3_ENDPOINT & co from the environment when set, else the local RGW
 * (started by scripts/s3/start.sh, which is idempotent). The values are put into process.env so that
 * child processes and the bench application's `${S3_*}` references see them. Creates the bench bucket.
 */
export function ensureS3(context: Context): Promise<S3Env> {
  ready ??= connect(context);
  return ready;
}

async function connect(context: Context): Promise<S3Env> {
  if (!process.env.S3_ENDPOINT) {
    context.log("S3_ENDPOINT not set: starting the local RGW (scripts/s3/start.sh)");
    const { stdout } = await run("bash", [path.join(context.repoRoot, "scripts/s3/start.sh")], { maxBuffer: 1 << 20, timeout: 15 * 60_000 });
    for (const line of stdout.split("\n")) {
      const match = /^(S3_[A-Z_]+)=(.*)$/.exec(line.trim());
      if (match) process.env[match[1] as string] = match[2];
    }
  }
  const { S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY } = process.env;
  if (!S3_ENDPOINT || !S3_ACCESS_KEY || !S3_SECRET_KEY) throw new Error("S3_ENDPOINT, S3_ACCESS_KEY and S3_SECRET_KEY are needed");
  process.env.S3_REGION ||= "us-east-1";
  process.env.BENCH_BUCKET = BENCH_BUCKET;
  const env: S3Env = {
    endpoint: S3_ENDPOINT,
    accessKey: S3_ACCESS_KEY,
    secretKey: S3_SECRET_KEY,
    region: process.env.S3_REGION,
    bucket: BENCH_BUCKET,
    local: isLocalRgw(context.repoRoot, S3_ENDPOINT),
  };
  await createBucket(env);
  return env;
}

function isLocalRgw(repoRoot: string, endpoint: string): boolean {
  const state = process.env.ELEMENTAL_S3_DIR || path.join(repoRoot, ".s3");
  const envFile = path.join(state, "env");
  return existsSync(path.join(state, "ceph.conf")) && existsSync(envFile) && readFileSync(envFile, "utf8").includes(`S3_ENDPOINT=${endpoint}\n`);
}

/**
 * The client settings our S3 Types use for a non-AWS endpoint (see packages/storage-s3 s3ClientConfig):
 * the raw-SDK and peer baselines get the same, so only the code on top differs.
 */
export function clientConfig(env: S3Env): S3ClientConfig {
  return {
    region: env.region,
    endpoint: env.endpoint,
    forcePathStyle: true,
    credentials: { accessKeyId: env.accessKey, secretAccessKey: env.secretKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    maxAttempts: 3,
    // As storage-s3's client: no Expect: 100-continue, which sends every body of 2 MiB or more on a
    // connection of its own (see its clientFactory.ts); the baselines keep their connections as ours do.
    expectContinueHeader: false,
    // As storage-s3's client: no cap on the pool's sockets (its clientFactory.ts says why).
    requestHandler: {
      connectionTimeout: 10_000,
      socketTimeout: 120_000,
      httpAgent: { maxSockets: Number.POSITIVE_INFINITY },
      httpsAgent: { maxSockets: Number.POSITIVE_INFINITY },
    },
    // As storage-s3's client: a silent logger, so that the SDK never prints (see its clientFactory.ts).
    logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {} },
  };
}

export function newClient(env: S3Env): S3Client {
  const { S3Client } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  return new S3Client(clientConfig(env));
}

async function createBucket(env: S3Env): Promise<void> {
  const { CreateBucketCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const client = newClient(env);
  try {
    await client.send(new CreateBucketCommand({ Bucket: env.bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== "BucketAlreadyOwnedByYou" && name !== "BucketAlreadyExists") throw error;
  } finally {
    client.destroy();
  }
}

/** Deletes keys (in parallel batches), ignoring the ones already gone. */
export async function deleteKeys(client: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  const { DeleteObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const queue = [...keys];
  const worker = async (): Promise<void> => {
    for (let key = queue.shift(); key !== undefined; key = queue.shift()) await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
  };
  await Promise.all(Array.from({ length: Math.min(16, keys.length) }, worker));
}

/**
 * Reclaims deleted objects now (RGW would wait 2 h): memstore keeps them in RAM. Only for the local RGW;
 * for another endpoint there is nothing we can run.
 */
export async function collectS3Garbage(context: Context, env: S3Env): Promise<void> {
  if (!env.local) return;
  await run("bash", [path.join(context.repoRoot, "scripts/s3/gc.sh")], { timeout: 10 * 60_000 });
}

/**
 * Fails when the baselines' client settings (clientConfig) drift from what our S3 storage builds
 * (storage-s3's s3ClientConfig of the element's settings): the comparison would no longer be fair.
 */
export function checkSameClientConfig(settings: import("@elemental/storage-s3").S3Settings, env: S3Env): void {
  const { s3ClientConfig } = require("@elemental/storage-s3") as typeof import("@elemental/storage-s3");
  const ours = JSON.stringify(s3ClientConfig(settings));
  const baseline = JSON.stringify(clientConfig(env));
  if (ours !== baseline)
    throw new Error(`the baselines' S3 client settings differ from ours:\n  ours:     ${redacted(ours, env)}\n  baseline: ${redacted(baseline, env)}`);
}

function redacted(text: string, env: S3Env): string {
  return text.split(env.secretKey).join("***");
}
