// Temporary measurement (not committed): kill -9 a resumable 1 GiB uploadByPath at 50%, resume, count bytes sent again.
import { spawn } from "node:child_process";
import path from "node:path";
import { ShapingProxy } from "@elemental/reliability/shapingProxy";
import { largeFile } from "./src/support/largeFile";

const MiB = 1024 * 1024;
const SIZE = 1024 * MiB;
async function child(endpoint: string, file: string, killAt?: number): Promise<void> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ["-C", "source", "-r", path.join(__dirname, "src/loader.js"), path.join(__dirname, "killResumeChild.ts"), file], {
      env: { ...process.env, S3_ENDPOINT: endpoint, BENCH_BUCKET: "elemental-bench" }, stdio: ["ignore", "pipe", "inherit"],
    });
    p.stdout.setEncoding("utf8").on("data", (d: string) => {
      for (const line of d.split("\n")) if (killAt !== undefined && Number(line) >= killAt) p.kill("SIGKILL");
    });
    p.on("close", () => resolve());
  });
}
async function main() {
  const proxy = await ShapingProxy.start(process.env.S3_ENDPOINT as string, process.argv[2] === "wan" ? { bytesPerSecond: 25 * MiB, latencyMs: 10 } : {});
  const file = largeFile("/tmp/w14-kill", SIZE);
  await child(proxy.endpoint, file, SIZE / 2);
  await new Promise((r) => setTimeout(r, 2000));
  const first = proxy.stats.bytesUp;
  await child(proxy.endpoint, file);
  const second = proxy.stats.bytesUp - first;
  console.log(JSON.stringify({ firstMiB: +(first / MiB).toFixed(1), secondMiB: +(second / MiB).toFixed(1), sentAgainMiB: +((first + second - SIZE) / MiB).toFixed(1) }));
  await proxy.close();
  process.exit(0);
}
main();
