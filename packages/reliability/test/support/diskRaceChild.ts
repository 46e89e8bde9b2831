// Run twice by concurrency.test.ts: two processes writing the same DiskType key. For each line
// "<round> <size>" on stdin it writes version (writer * 1,000,000 + round) of that size, then prints
// "done <round>". Odd rounds stream the body, even rounds pass it as bytes.
import { createInterface } from "node:readline";
import { Readable } from "node:stream";
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { versionBody } from "./seeded";

async function main(): Promise<void> {
  const [root, writerText, key] = process.argv.slice(2) as [string, string, string];
  const writer = Number(writerText);
  const storage = (await createApp({ root, env: {} })).getElement<StorageBase>("storages.Store");
  process.stdout.write("ready\n");
  for await (const line of createInterface({ input: process.stdin })) {
    const [round, size] = line.split(" ").map(Number) as [number, number];
    const body = versionBody(writer * 1_000_000 + round, size);
    if (round % 2 === 1) {
      const chunks = Array.from({ length: Math.ceil(body.length / 65536) }, (_, i) => body.subarray(i * 65536, (i + 1) * 65536));
      await storage.uploadStream(key, Readable.from(chunks), "application/octet-stream");
    } else {
      await storage.uploadByFile(key, body, "application/octet-stream");
    }
    process.stdout.write(`done ${round}\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
