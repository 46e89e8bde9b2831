// Run by diskCrash.test.ts in its own process, and killed with SIGKILL at a random moment. Once told "go"
// on stdin, writes versions of a few keys to a DiskType storage forever, logging each version (its seed)
// before it starts writing it, so the checker knows every version that may be visible.
import { appendFileSync } from "node:fs";
import { Readable } from "node:stream";
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { seededRandom } from "./faultPlan";
import { versionBody } from "./seeded";

async function main(): Promise<void> {
  const [root, logFile, runText, keyList] = process.argv.slice(2) as [string, string, string, string];
  const run = Number(runText);
  const keys = keyList.split(",");
  const storage = (await createApp({ root, env: {} })).getElement<StorageBase>("storages.Store");
  const random = seededRandom(run);
  process.stdout.write("ready\n");
  await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
  for (let i = 0; ; i++) {
    const key = keys[Math.floor(random() * keys.length)] as string;
    const seed = run * 100_000 + i;
    const roll = random();
    // mostly small; some large enough that a kill often lands in the middle of writing one
    const size =
      roll < 0.7 ? Math.floor(random() * 16 * 1024) : roll < 0.95 ? Math.floor(random() * 512 * 1024) : 1024 * 1024 + Math.floor(random() * 2 * 1024 * 1024);
    if (random() < 0.05) {
      appendFileSync(logFile, `delete ${key}\n`);
      await storage.delete(key);
      continue;
    }
    const body = versionBody(seed, size);
    appendFileSync(logFile, `start ${key} ${seed}\n`);
    if (random() < 0.3)
      await storage.uploadStream(key, Readable.from([body.subarray(0, body.length >> 1), body.subarray(body.length >> 1)]), "application/octet-stream", {
        size: body.length,
      });
    else await storage.uploadByFile(key, body, "application/octet-stream");
    appendFileSync(logFile, `done ${key} ${seed}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
