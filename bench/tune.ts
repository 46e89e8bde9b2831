// Temporary tuning script (not committed): uploadByPath / downloadToFile under several settings, loopback and WAN.
import { mkdirSync, rmSync, writeFileSync, cpSync, unlinkSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { ShapingProxy } from "@elemental/reliability/shapingProxy";
import { largeFile } from "./src/support/largeFile";

const MiB = 1024 * 1024;
const CONFIGS: Record<string, Record<string, string>> = {
  single: { multipartThreshold: "5GiB", partSize: "16MiB", queueSize: "4" },
  p16q4: { multipartThreshold: "16MiB", partSize: "16MiB", queueSize: "4" },
  p16q8: { multipartThreshold: "16MiB", partSize: "16MiB", queueSize: "8" },
  p8q8: { multipartThreshold: "16MiB", partSize: "8MiB", queueSize: "8" },
  p8q16: { multipartThreshold: "16MiB", partSize: "8MiB", queueSize: "16" },
  p16q16: { multipartThreshold: "16MiB", partSize: "16MiB", queueSize: "16" },
};

async function main() {
  const mode = process.argv[2] as "loopback" | "wan";
  const size = Number(process.argv[3] ?? 256) * MiB;
  const only = (process.argv[4] ?? "").split(",").filter(Boolean);
  const endpoint = process.env.S3_ENDPOINT as string;
  const proxy = mode === "wan" ? await ShapingProxy.start(endpoint, { bytesPerSecond: 25 * MiB, latencyMs: 10 }) : undefined;
  const root = path.join(__dirname, ".tune-app");
  rmSync(root, { recursive: true, force: true });
  cpSync(path.join(__dirname, "app"), root, { recursive: true });
  const names = Object.keys(CONFIGS).filter((n) => only.length === 0 || only.includes(n));
  for (const name of names) {
    const dir = path.join(root, "storages", `T${name}`);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "e.json"), JSON.stringify({ title: "tune", type: "storages.AwsS3Type" }));
    writeFileSync(
      path.join(dir, `T${name}.json`),
      JSON.stringify({
        accessKeyId: "${S3_ACCESS_KEY}",
        accessKeySecret: "${S3_SECRET_KEY}",
        endPoint: proxy?.endpoint ?? endpoint,
        bucketName: "elemental-bench",
        region: "us-east-1",
        forcePathStyle: true,
        ...CONFIGS[name],
      }),
    );
  }
  const app = await createApp({ root, env: process.env });
  const tmp = "/tmp/w14-tune";
  mkdirSync(tmp, { recursive: true });
  const file = largeFile(tmp, size);
  const results: Record<string, { up: number[]; down: number[] }> = {};
  for (let round = 0; round < 2; round++) {
    for (const name of names) {
      const s = app.getElement<StorageBase>(`storages.T${name}`);
      await s.exists("warm");
      const key = `tune/${name}-${round}.bin`;
      let t = performance.now();
      await s.uploadByPath(key, file);
      const up = size / MiB / ((performance.now() - t) / 1000);
      t = performance.now();
      await s.downloadToFile(key, path.join(tmp, "down.bin"));
      const down = size / MiB / ((performance.now() - t) / 1000);
      unlinkSync(path.join(tmp, "down.bin"));
      await s.delete(key);
      (results[name] ??= { up: [], down: [] }).up.push(Math.round(up));
      results[name].down.push(Math.round(down));
      console.log(mode, name, "up", Math.round(up), "down", Math.round(down), "rss", Math.round(process.memoryUsage.rss() / MiB));
    }
  }
  console.log(JSON.stringify(results));
  await proxy?.close();
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
}
main();
