import { readdirSync } from "node:fs";
import path from "node:path";
import { type ElementContext, createApp } from "@elemental/core";
import { type AwsS3Config, AwsS3Storage, createS3Client } from "@elemental/storage-s3";
import type { StorageBase } from "@elemental/storages";
import { nextLine, spawnTs } from "./support/child";
import { seededRandom } from "./support/faultPlan";
import { readVersion, versionBody } from "./support/seeded";
import { type StorageTarget, type TargetLabel, openTarget } from "./support/targets";

const SOAK = process.env.ELEMENTAL_SOAK === "1";

/** The one object under `key`: it must be listed once and be whole, one of the versions `seeds`. */
async function soleVersion(storage: StorageBase, key: string, seeds: Set<number>): Promise<string[]> {
  const problems: string[] = [];
  const listed: string[] = [];
  for await (const entry of storage.list(key)) listed.push(entry.name);
  if (JSON.stringify(listed) !== JSON.stringify([key])) problems.push(`listing under ${key}: ${JSON.stringify(listed)}`);
  const bytes = await storage.download(key);
  const version = readVersion(bytes);
  if ("problem" in version) problems.push(version.problem);
  else if (!seeds.has(version.seed)) problems.push(`version ${version.seed} was not one of those written`);
  const info = await storage.getObject(key);
  if (info.size !== bytes.length) problems.push(`getObject says ${info.size} bytes, download gave ${bytes.length}`);
  return problems;
}

function tempFilesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.startsWith(".~t"))
    .map((entry) => entry.name);
}

describe.each<TargetLabel>(["s3", "disk", "memory"])("200 concurrent uploads to one key on %s", (label) => {
  let target: StorageTarget;
  beforeAll(async () => {
    target = await openTarget(label);
  });
  afterAll(async () => target?.close());

  it("leave exactly one whole version, one of the 200 bodies", async () => {
    const random = seededRandom(label.length);
    const seeds = Array.from({ length: 200 }, (_, i) => 7000 + i);
    const bodies = seeds.map((seed) => versionBody(seed, 1024 + Math.floor(random() * 200 * 1024)));
    const results = await Promise.allSettled(bodies.map((body) => target.storage.uploadByFile("contended/one-key.bin", body)));
    expect(results.filter((result) => result.status === "rejected")).toEqual([]);
    expect(await soleVersion(target.storage, "contended/one-key.bin", new Set(seeds))).toEqual([]);
    if (target.directory) expect(tempFilesUnder(target.directory)).toEqual([]);
  }, 60_000);
});

describe("1,000 concurrent first uses of one element", () => {
  it("build one instance and one S3 client", async () => {
    let instances = 0;
    let clients = 0;
    class CountingS3 extends AwsS3Storage {
      constructor(context: ElementContext<AwsS3Config>) {
        super(context, async (settings) => {
          clients++;
          await new Promise((resolve) => setTimeout(resolve, 20)); // a slow build widens the race window
          return createS3Client(settings);
        });
        instances++;
      }
    }
    const target = await openTarget("s3"); // its application, bucket and an object to look for
    try {
      await target.storage.uploadByFile("shared.txt", "shared");
      const app = await createApp({ root: target.root, env: {}, types: { "storages.AwsS3Type": { class: CountingS3, override: true } } });
      const elements = await Promise.all(Array.from({ length: 1000 }, async () => app.getElement<StorageBase>("storages.Store")));
      const found = await Promise.all(elements.map((element) => element.exists("shared.txt")));
      expect({ distinct: new Set(elements).size, instances, clients }).toEqual({ distinct: 1, instances: 1, clients: 1 });
      expect(found.every(Boolean)).toBe(true);
      await (elements[0] as unknown as { close(): Promise<void> }).close();
    } finally {
      await target.close();
    }
  }, 60_000);
});

describe("two processes writing the same Disk key", () => {
  it("never interleave bytes: after each round the object is one writer's whole body", async () => {
    const target = await openTarget("disk");
    const rounds = SOAK ? 300 : 30;
    const writers = [1, 2].map((writer) => spawnTs("diskRaceChild.ts", [target.root, String(writer), "race/shared.bin"]));
    try {
      for (const { lines } of writers) expect(await nextLine(lines)).toBe("ready");
      const random = seededRandom(99);
      const problems: string[] = [];
      for (let round = 1; round <= rounds; round++) {
        const size = 256 * 1024 + Math.floor(random() * 3 * 1024 * 1024);
        for (const { child } of writers) child.stdin?.write(`${round} ${size}\n`);
        for (const { lines } of writers) expect(await nextLine(lines)).toBe(`done ${round}`);
        const found = await soleVersion(target.storage, "race/shared.bin", new Set([1_000_000 + round, 2_000_000 + round]));
        problems.push(...found.map((problem) => `round ${round}: ${problem}`));
      }
      expect(problems).toEqual([]);
      expect(tempFilesUnder(path.join(target.directory as string))).toEqual([]);
    } finally {
      for (const { child } of writers) child.kill();
      await Promise.all(writers.map(({ exited }) => exited));
      await target.close();
    }
  }, 120_000);
});
