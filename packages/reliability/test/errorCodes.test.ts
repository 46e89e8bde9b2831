import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { type StorageBase, type StorageError, type StorageErrorCode, StorageErrorCodes, isStorageError } from "@elemental/storages";
import type { FaultKind } from "./support/faultPlan";
import { FaultProxy } from "./support/faultProxy";
import { readS3Env } from "./support/s3Env";
import { type StorageTarget, type TargetLabel, type TargetOptions, openTarget } from "./support/targets";

// Every code of the storages table, from each real Type: how a user meets it, what the message tells them.
// A Type's table names every code; a code the Type cannot produce says why. S3 runs on the real server,
// its faults through the fault proxy.

/** How to provoke a code on one Type, and what its StorageError must say. */
interface Reachable {
  /** The storage to use: the Type's plain one, or one opened with other config (or through the proxy). */
  target?: TargetLabel | TargetOptions;
  provoke: (storage: StorageBase) => Promise<unknown>;
  operation: string;
  /** The detail: what went wrong, in words a user can act on. */
  detail: RegExp;
}

type Row = Reachable | { unreachable: string };

const common = {
  notFound: { provoke: (s) => s.download("codes/missing.txt"), operation: "download" },
  invalidKey: { provoke: (s) => s.uploadByFile("codes/../up.txt", "x"), operation: "uploadByFile", detail: /must not contain a "\.\." segment/ },
  invalidArgument: {
    provoke: (s) => s.getUploadUrl("codes/a.txt", "text/plain", 0),
    operation: "getUploadUrl",
    detail: /expires must be a whole number of seconds from 1 to 604800, not 0/,
  },
  checksum: {
    provoke: (s) => s.uploadStream("codes/short.bin", Readable.from([Buffer.alloc(5)]), undefined, { size: 10 }),
    operation: "uploadStream",
    detail: /5 of 10 bytes|ended after 5|fewer bytes/,
  },
  aborted: { provoke: (s) => s.getObject("codes/a.txt", { signal: AbortSignal.abort() }), operation: "getObject", detail: /abort/i },
  timedOut: {
    provoke: async (s) => {
      const signal = AbortSignal.timeout(1);
      await sleep(20);
      return s.getObject("codes/a.txt", { signal });
    },
    operation: "getObject",
    detail: /timeout/i,
  },
} satisfies Record<string, Omit<Reachable, "detail"> & { detail?: RegExp }>;

const OUTSIDE = mkdtempSync(path.join(tmpdir(), "elemental-codes-outside-"));
const NOT_A_FOLDER = path.join(OUTSIDE, "a-file");
writeFileSync(NOT_A_FOLDER, "not a folder");

const MEMORY: Record<StorageErrorCode, Row> = {
  E_NOT_FOUND: { ...common.notFound, detail: /^no such object$/ },
  E_ACCESS_DENIED: { unreachable: "a Map has no permissions" },
  E_INVALID_KEY: common.invalidKey,
  E_INVALID_ARGUMENT: {
    provoke: (s) => s.download("codes/a.txt", { range: { start: 5, end: 2 } }),
    operation: "download",
    detail: /a range needs 0 <= start <= end/,
  },
  E_INVALID_CONFIG: { unreachable: "its only field, baseUrl, is checked by the schema when the instance is built" },
  E_UNAVAILABLE: { unreachable: "nothing to reach" },
  E_TIMEOUT: common.timedOut,
  E_CHECKSUM_MISMATCH: common.checksum,
  E_ABORTED: common.aborted,
  E_PRECONDITION_FAILED: { unreachable: "a Map has no conditions" },
  E_UNSUPPORTED: { provoke: (s) => s.getSignUrl("codes/a.txt"), operation: "getSignUrl", detail: /cannot sign URLs/ },
  E_UNKNOWN: { unreachable: "every failure of a Map has a code" },
};

const DISK: Record<StorageErrorCode, Row> = {
  // A missing object is "no such object", not the system call that found out (ENOENT ... realpath).
  E_NOT_FOUND: { ...common.notFound, detail: /^no such object$/ },
  E_ACCESS_DENIED: {
    provoke: async (s) => {
      const directory = (s as StorageBase & { rootDir: string }).rootDir;
      mkdirSync(directory, { recursive: true });
      symlinkSync(OUTSIDE, path.join(directory, "escape"));
      return s.uploadByFile("escape/evil.txt", "x");
    },
    operation: "uploadByFile",
    detail: /symbolic link out of the storage's directory/,
  },
  E_INVALID_KEY: {
    provoke: (s) => s.uploadByFile(`codes/${"x".repeat(300)}`, "x"),
    operation: "uploadByFile",
    detail: /part of a key may be at most \d+ UTF-8 bytes on disk/,
  },
  E_INVALID_ARGUMENT: common.invalidArgument,
  E_INVALID_CONFIG: {
    target: { config: { directory: NOT_A_FOLDER } },
    provoke: (s) => s.uploadByFile("codes/a.txt", "x"),
    operation: "uploadByFile",
    detail: /^the configured directory is not a folder$/,
  },
  E_UNAVAILABLE: { unreachable: "only a full disk (ENOSPC) or no file descriptors left (EMFILE): see the mapping test below" },
  E_TIMEOUT: common.timedOut,
  E_CHECKSUM_MISMATCH: common.checksum,
  E_ABORTED: common.aborted,
  E_PRECONDITION_FAILED: {
    provoke: async (s) => {
      await s.uploadByFile("codes/leaf.txt", "x");
      return s.uploadByFile("codes/leaf.txt/below.txt", "x");
    },
    operation: "uploadByFile",
    detail: /a parent of the key is itself an object/,
  },
  E_UNSUPPORTED: { unreachable: "DiskType has every capability" },
  E_UNKNOWN: { unreachable: "no file-system failure of its operations lacks a code" },
};

/** Options for an S3 storage reached through the fault proxy (filled in once it runs). */
const viaProxy: TargetOptions = { config: { maxAttempts: 2, socketTimeout: 1000 } };
let proxy: FaultProxy | undefined;

/** A call whose requests all meet `fault` at the proxy. */
function faulted(fault: FaultKind, method: "GET" | "HEAD", operation: "download" | "getObject", detail: RegExp): Reachable {
  return {
    target: viaProxy,
    provoke: (s) => {
      proxy?.setPlan({ rules: [{ kind: fault, method, count: 2 }] });
      return s[operation]("codes/a.txt");
    },
    operation,
    detail,
  };
}

const S3: Record<StorageErrorCode, Row> = {
  E_NOT_FOUND: { ...common.notFound, detail: /^NoSuchKey \(HTTP 404\)/ },
  E_ACCESS_DENIED: {
    target: { config: { accessKeySecret: "wrong-secret-0123456789abcdef" } },
    provoke: (s) => s.uploadByFile("codes/a.txt", "x"),
    operation: "uploadByFile",
    detail: /^SignatureDoesNotMatch \(HTTP 403\)/,
  },
  E_INVALID_KEY: common.invalidKey,
  E_INVALID_ARGUMENT: {
    provoke: async (s) => {
      await s.uploadByFile("codes/three.txt", "abc");
      return s.download("codes/three.txt", { range: { start: 3 } });
    },
    operation: "download",
    detail: /^InvalidRange \(HTTP 416\)/,
  },
  E_INVALID_CONFIG: {
    target: { config: { bucketName: "elemental-no-such-bucket-4f1e" } },
    provoke: (s) => s.getObject("codes/a.txt"),
    operation: "getObject",
    detail: /NoSuchBucket \(HTTP 404\).*\(bucket "elemental-no-such-bucket-4f1e" at http:\/\/\S+\)$/,
  },
  // The proxy answers 503 SlowDown, or nothing at all, to both tries (maxAttempts 2).
  E_UNAVAILABLE: faulted("status503", "GET", "download", /^the S3 endpoint http:\/\/127\.0\.0\.1:\d+ is unavailable \(SlowDown \(HTTP 503\)/),
  E_TIMEOUT: faulted("stall", "HEAD", "getObject", /TimeoutError/),
  E_CHECKSUM_MISMATCH: common.checksum,
  E_ABORTED: common.aborted,
  E_PRECONDITION_FAILED: { unreachable: "no operation of the contract sends a condition (If-Match ...)" },
  E_UNSUPPORTED: { unreachable: "the S3 Types have every capability" },
  E_UNKNOWN: { unreachable: "every S3 answer and network failure has a code" },
};

const TYPES: Array<[TargetLabel, Record<StorageErrorCode, Row>]> = [
  ["memory", MEMORY],
  ["disk", DISK],
  ["s3", S3],
];

async function failureOf(promise: Promise<unknown>): Promise<StorageError> {
  const outcome = await promise.then(
    () => new Error("expected a failure, but the call succeeded"),
    (error: unknown) => error,
  );
  if (!isStorageError(outcome)) throw outcome;
  return outcome;
}

const opened: StorageTarget[] = [];

afterAll(async () => {
  for (const target of opened) await target.close();
  await proxy?.close();
  rmSync(OUTSIDE, { recursive: true, force: true });
});

describe.each(TYPES)("every storage error code from the %s Type", (label, table) => {
  it("names every code of the table (a code added to the table needs a row here)", () => {
    expect(Object.keys(table).sort()).toEqual(Object.keys(StorageErrorCodes).sort());
  });

  const reachable = Object.entries(table).flatMap(([code, row]) => ("unreachable" in row ? [] : [{ code: code as StorageErrorCode, row }]));

  it.each(reachable)(
    "$code",
    async ({ code, row }) => {
      if (row.target === viaProxy && !proxy) {
        proxy = await FaultProxy.start((await readS3Env()).endpoint);
        viaProxy.endPoint = proxy.endpoint;
      }
      const target = await openTarget(label, typeof row.target === "object" ? row.target : {});
      opened.push(target);
      const error = await failureOf(row.provoke(target.storage));
      proxy?.clearPlan();
      expect({ code: error.code, operation: error.operation, element: error.element, storageType: error.storageType }).toEqual({
        code,
        operation: row.operation,
        element: "storages.Store",
        storageType: target.typeName,
      });
      expect(error.detail).toMatch(row.detail);
      expect(error.message.endsWith(`: ${error.detail}`)).toBe(true);
      for (const secret of target.secrets) expect(error.message).not.toContain(secret);
      // A Disk storage's message never tells where it lives.
      for (const place of [target.root, OUTSIDE]) expect(error.message).not.toContain(place);
    },
    20_000,
  );
});
