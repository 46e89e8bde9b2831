import { mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { S3Client } from "@aws-sdk/client-s3";
import { rawClient } from "./s3Bucket";
import { readS3Env } from "./s3Env";
import { ShapingProxy } from "./shapingProxy";
import { type StorageTarget, openTarget } from "./targets";

/** What the resumable-upload tests share: a file of their bytes, a shaping proxy in front of RGW, the S3 Type through it, a raw client. */
export interface ResumeSetup {
  proxy: ShapingProxy;
  target: StorageTarget;
  raw: S3Client;
  file: string;
  close(): Promise<void>;
}

export async function resumeSetup(bytes: Buffer, bytesPerSecond: number, config: Record<string, string>): Promise<ResumeSetup> {
  const env = await readS3Env();
  const raw = rawClient(env);
  const proxy = await ShapingProxy.start(env.endpoint, { bytesPerSecond, latencyMs: 2 });
  const target = await openTarget("s3", { endPoint: proxy.endpoint, config });
  const dir = await mkdtemp(path.join(tmpdir(), "elemental-resume-"));
  const file = path.join(dir, "big.bin");
  await writeFile(file, bytes);
  return {
    proxy,
    target,
    raw,
    file,
    async close() {
      await target.close();
      await proxy.close();
      raw.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The resume states an S3 element keeps under appData/.elemental/uploads. */
export function resumeStates(storage: StorageTarget): Promise<string[]> {
  return readdir(path.join(storage.root, "appData", ".elemental", "uploads", storage.storage.fullName)).catch(() => []);
}
