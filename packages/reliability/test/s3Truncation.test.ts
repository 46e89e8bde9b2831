import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { collect, isStorageError } from "@elemental/storages";
import type { FaultKind } from "./support/faultPlan";
import { FaultProxy } from "./support/faultProxy";
import { readS3Env } from "./support/s3Env";
import { seededBytes } from "./support/seeded";
import { type StorageTarget, openTarget } from "./support/targets";

// A download whose body breaks (cut short, a Content-Length that lies, a reset mid-body) is never handed
// out as if it were the object. A body cut short or reset is continued from its last byte (a ranged GET
// pinned by ETag) and arrives whole. One whose Content-Length promises more than the object has is
// continued too, and the server's 416 past the last byte received (same ETag) shows that the object ends
// there; a ranged answer is read to the end its Content-Range names, not its Content-Length.
const SIZE = 3 * 1024 * 1024 + 17;
const BODY = seededBytes(5, SIZE);
const BROKEN_BODIES: FaultKind[] = ["truncate", "wrongLength", "resetResponse"];

type Read = (target: StorageTarget) => Promise<Buffer>;
const READS: Array<[string, Read, Buffer]> = [
  ["download", (target) => target.storage.download("object.bin"), BODY],
  ["downloadStream", async (target) => collect(await target.storage.downloadStream("object.bin")), BODY],
  [
    "downloadStream with a range",
    async (target) => collect(await target.storage.downloadStream("object.bin", { range: { start: 1000, end: 2_000_999 } })),
    BODY.subarray(1000, 2_001_000),
  ],
  [
    "downloadToFile",
    async (target) => {
      const file = path.join(tmpdir(), `elemental-truncation-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
      try {
        await target.storage.downloadToFile("object.bin", file);
        return await readFile(file);
      } finally {
        await rm(file, { force: true });
      }
    },
    BODY,
  ],
];
/** Breaks the Type continues from (the rest is asked for again): the caller must get every byte. */
const RESUMED: ReadonlySet<FaultKind> = new Set(BROKEN_BODIES);

describe("AwsS3Type downloads whose body breaks", () => {
  let proxy: FaultProxy;
  let target: StorageTarget;

  beforeAll(async () => {
    proxy = await FaultProxy.start((await readS3Env()).endpoint);
    target = await openTarget("s3", { endPoint: proxy.endpoint, config: { socketTimeout: 2000 } });
    await target.storage.uploadByFile("object.bin", BODY);
  });
  afterEach(() => proxy.clearPlan());
  afterAll(async () => {
    await target?.close();
    await proxy?.close();
  });

  const cases = BROKEN_BODIES.flatMap((kind) => READS.map(([label, read, expected]) => [kind, label, read, expected] as const));
  it.each(cases)("%s during %s: whole bytes or a typed error, never short data", async (kind, _label, read, expected) => {
    proxy.resetStats();
    proxy.setPlan({ rules: [{ kind, method: "GET", count: 1 }] });
    const outcome = await read(target).then(
      (bytes) => ({ bytes }),
      (error: unknown) => ({ error }),
    );
    expect(proxy.stats.injected[kind]).toBe(1);
    if (RESUMED.has(kind)) expect(outcome).toHaveProperty("bytes");
    if ("bytes" in outcome) {
      expect(outcome.bytes.length).toBe(expected.length);
      expect(outcome.bytes.equals(expected)).toBe(true);
    } else {
      const { error } = outcome;
      expect(isStorageError(error)).toBe(true);
      expect(["E_UNAVAILABLE", "E_CHECKSUM_MISMATCH", "E_TIMEOUT"]).toContain((error as { code: string }).code);
    }
  });
});
