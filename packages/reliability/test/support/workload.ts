import { readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { type StorageBase, collect, isStorageError } from "@elemental/storages";
import { seededRandom } from "./faultPlan";
import { seededBytes, sha256 } from "./seeded";

export type OpKind = "uploadSmall" | "uploadLarge" | "download" | "downloadRange" | "getObject" | "list" | "delete" | "exists";

export interface WorkloadOptions {
  operations: number;
  concurrency: number;
  /** How many of the uploads are 8-20 MiB streams of unknown size (multipart). */
  largeUploads: number;
  keysPerWorker: number;
  seed: number;
}

export interface WorkloadReport {
  operations: number;
  byKind: Record<OpKind, number>;
  /**
   * Operations that failed with a transient StorageError and were run again by the caller, by code and by
   * operation kind: what the Type's own retries (the SDK's) let through. A GET body that breaks mid-way
   * reaches the caller by design (the SDK has handed the stream out); anything else here is a regression.
   */
  callerRetries: Record<string, number>;
  callerRetriesByKind: Partial<Record<OpKind, number>>;
  /**
   * The same retries by how many attempts the SDK had made when its call failed ("body" when no SDK call
   * failed: a body stream broke after the SDK handed it out).
   */
  callerRetriesBySdkAttempts: Record<string, number>;
  bytesUploaded: number;
  bytesDownloaded: number;
  /** What ended wrongly: wrong bytes, an untyped or non-transient error, or still failing after the retries. */
  failures: string[];
  /** The first 20 transient errors the caller retried after an SDK call itself failed: what the Type let through. */
  retriedSamples: string[];
  /** The objects that must exist at the end, with the SHA-256 of their bytes. */
  expected: Map<string, string>;
}

/**
 * Codes a caller may retry: the operation did not complete and did not return wrong data. The SDK retries
 * requests, not bodies it has handed out, so a download whose body breaks mid-way needs this.
 */
const TRANSIENT = new Set(["E_UNAVAILABLE", "E_TIMEOUT", "E_CHECKSUM_MISMATCH"]);
const CALLER_ATTEMPTS = 6;
const MiB = 1024 * 1024;

const WEIGHTS: Array<[OpKind, number]> = [
  ["uploadSmall", 36],
  ["download", 24],
  ["downloadRange", 10],
  ["getObject", 6],
  ["list", 7],
  ["delete", 10],
  ["exists", 7],
];

interface Version {
  seed: number;
  size: number;
}

/**
 * Runs a mix of operations against one storage, `concurrency` at a time. Each worker owns its keys, so
 * the expected content of every key is known at every step, and every byte read back is checked.
 */
export async function runWorkload(storage: StorageBase, options: WorkloadOptions): Promise<WorkloadReport> {
  const report: WorkloadReport = {
    operations: 0,
    byKind: Object.fromEntries([...WEIGHTS.map(([kind]) => kind), "uploadLarge"].map((kind) => [kind, 0])) as Record<OpKind, number>,
    callerRetries: {},
    callerRetriesByKind: {},
    callerRetriesBySdkAttempts: {},
    bytesUploaded: 0,
    bytesDownloaded: 0,
    failures: [],
    retriedSamples: [],
    expected: new Map(),
  };
  const largeEvery = options.largeUploads > 0 ? Math.floor(options.operations / options.largeUploads) : Number.POSITIVE_INFINITY;
  const worker = async (index: number): Promise<void> => {
    const random = seededRandom(options.seed * 1000 + index);
    const model = new Map<string, Version>();
    const tainted = new Set<string>(); // keys whose state a failed write left unknown: never used again
    for (let n = index; n < options.operations; n += options.concurrency) {
      const op = plan(n % largeEvery === largeEvery - 1 ? "uploadLarge" : pick(random), index, model, tainted, random, options);
      report.byKind[op.kind]++;
      const ok = await attempt(report, op.kind, `${op.kind}(${op.key})#${n}`, () => execute(storage, op, index, model, tainted, report));
      if (!ok && (op.kind === "uploadSmall" || op.kind === "uploadLarge" || op.kind === "delete")) {
        tainted.add(op.key);
        model.delete(op.key);
      }
    }
    for (const [key, version] of model) report.expected.set(key, sha256(seededBytes(version.seed, version.size)));
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => worker(index)));
  return report;
}

/** Runs an operation, and runs it again (the same one) while it fails with a transient StorageError. */
async function attempt(report: WorkloadReport, kind: OpKind, label: string, run: () => Promise<void>): Promise<boolean> {
  report.operations++;
  for (let tries = 1; ; tries++) {
    try {
      await run();
      return true;
    } catch (error) {
      const fail = (why: string): boolean => {
        report.failures.push(`${label}: ${why}`);
        return false;
      };
      if (error instanceof WrongResult) return fail(error.message);
      if (!isStorageError(error)) return fail(`untyped ${String((error as Error)?.stack ?? error)}`);
      if (!TRANSIENT.has(error.code)) return fail(error.message);
      if (tries >= CALLER_ATTEMPTS) return fail(`still failing after ${tries} attempts: ${error.message}`);
      report.callerRetries[error.code] = (report.callerRetries[error.code] ?? 0) + 1;
      report.callerRetriesByKind[kind] = (report.callerRetriesByKind[kind] ?? 0) + 1;
      const attempts = sdkAttemptsOf(error.cause);
      report.callerRetriesBySdkAttempts[attempts] = (report.callerRetriesBySdkAttempts[attempts] ?? 0) + 1;
      if (attempts !== "body" && report.retriedSamples.length < 20) report.retriedSamples.push(`${label}: ${error.message} (SDK attempts: ${attempts})`);
    }
  }
}

class WrongResult extends Error {}

/** How many attempts the SDK made before its call failed (its retry middleware records them), or "body". */
function sdkAttemptsOf(cause: unknown): string {
  const attempts = (cause as { $metadata?: { attempts?: unknown } } | undefined)?.$metadata?.attempts;
  return typeof attempts === "number" ? String(attempts) : "body";
}

interface Operation {
  kind: OpKind;
  key: string;
  version?: Version;
  range?: { start: number; end: number };
}

/** Chooses an operation and all its parameters up front, so that a retry repeats exactly the same one. */
function plan(chosen: OpKind, worker: number, model: Map<string, Version>, tainted: Set<string>, random: () => number, options: WorkloadOptions): Operation {
  const keys = [...model.keys()];
  const existing = keys[Math.floor(random() * keys.length)];
  let anyKey = `w${worker}/k${Math.floor(random() * options.keysPerWorker)}`;
  while (tainted.has(anyKey)) anyKey = `${anyKey}x`;
  const needsObject = chosen === "download" || chosen === "downloadRange" || chosen === "getObject" || chosen === "delete";
  if (needsObject && existing !== undefined) {
    const version = model.get(existing) as Version;
    const start = Math.floor(random() * Math.max(1, version.size));
    const end = Math.min(version.size - 1, start + Math.floor(random() * 256 * 1024));
    return { kind: chosen === "downloadRange" && version.size === 0 ? "download" : chosen, key: existing, version, range: { start, end } };
  }
  const kind = needsObject ? "uploadSmall" : chosen;
  const size = kind === "uploadLarge" ? 8 * MiB + Math.floor(random() * 12 * MiB) : smallSize(random);
  return { kind, key: anyKey, version: { seed: Math.floor(random() * 2 ** 31), size } };
}

async function execute(
  storage: StorageBase,
  op: Operation,
  worker: number,
  model: Map<string, Version>,
  tainted: Set<string>,
  report: WorkloadReport,
): Promise<void> {
  const { key } = op;
  const version = op.version as Version;
  switch (op.kind) {
    case "uploadSmall":
    case "uploadLarge": {
      const bytes = seededBytes(version.seed, version.size);
      // Large uploads alternate between a stream of unknown length (parts buffered in memory) and a file (its ranges in parallel).
      const result =
        op.kind === "uploadLarge"
          ? version.seed % 2 === 0
            ? await storage.uploadStream(key, Readable.from(chunks(bytes, MiB)), "application/octet-stream")
            : await viaFile(bytes, (file) => storage.uploadByPath(key, file, "application/octet-stream"))
          : await storage.uploadByFile(key, bytes, "application/octet-stream");
      if (result.size !== version.size) throw new WrongResult(`stored ${result.size} bytes of ${version.size}`);
      model.set(key, version);
      report.bytesUploaded += version.size;
      return;
    }
    case "download": {
      // Every other download goes to a file (ranged GETs in parallel, pinned by ETag).
      const bytes =
        version.seed % 2 === 0
          ? await storage.download(key)
          : await viaFile(Buffer.alloc(0), async (file) => {
              await storage.downloadToFile(key, file);
              return readFile(file);
            });
      report.bytesDownloaded += bytes.length;
      if (sha256(bytes) !== sha256(seededBytes(version.seed, version.size)))
        throw new WrongResult(`downloaded ${bytes.length} bytes that are not the ${version.size} stored`);
      return;
    }
    case "downloadRange": {
      const { start, end } = op.range as { start: number; end: number };
      const bytes = await collect(await storage.downloadStream(key, { range: { start, end } }));
      report.bytesDownloaded += bytes.length;
      if (!bytes.equals(seededBytes(version.seed, version.size).subarray(start, end + 1)))
        throw new WrongResult(`range ${start}-${end} came back wrong (${bytes.length} bytes)`);
      return;
    }
    case "getObject": {
      const info = await storage.getObject(key);
      if (info.size !== version.size) throw new WrongResult(`getObject says ${info.size} bytes, ${version.size} were stored`);
      return;
    }
    case "list": {
      const names: string[] = [];
      for await (const entry of storage.list(`w${worker}/`)) if (!tainted.has(entry.name)) names.push(entry.name);
      const keys = [...model.keys()];
      if (JSON.stringify(names.sort()) !== JSON.stringify(keys.sort())) throw new WrongResult(`listed ${names.length} keys, ${keys.length} exist`);
      return;
    }
    case "delete":
      await storage.delete(key);
      model.delete(key);
      return;
    case "exists": {
      const found = await storage.exists(key);
      if (found !== model.has(key)) throw new WrongResult(`exists(${key}) said ${found}`);
      return;
    }
  }
}

/** Runs `use` on a temporary file holding `bytes`, removed afterwards. */
async function viaFile<T>(bytes: Buffer, use: (file: string) => Promise<T>): Promise<T> {
  const file = path.join(tmpdir(), `elemental-workload-${process.pid}-${Math.random().toString(36).slice(2)}.bin`);
  await writeFile(file, bytes);
  try {
    return await use(file);
  } finally {
    await rm(file, { force: true });
  }
}

/** Mostly small objects: 0 B now and then, a few KiB usually, up to 2 MiB rarely. */
function smallSize(random: () => number): number {
  const roll = random();
  if (roll < 0.03) return 0;
  if (roll < 0.55) return 1 + Math.floor(random() * 4096);
  if (roll < 0.9) return 4096 + Math.floor(random() * 252 * 1024);
  return 256 * 1024 + Math.floor(random() * 1792 * 1024);
}

function pick(random: () => number): OpKind {
  const total = WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
  let roll = random() * total;
  for (const [kind, weight] of WEIGHTS) {
    roll -= weight;
    if (roll < 0) return kind;
  }
  return "uploadSmall";
}

function* chunks(bytes: Buffer, size: number): Generator<Buffer> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}
