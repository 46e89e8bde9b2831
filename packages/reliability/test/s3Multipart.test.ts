import { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { isStorageError } from "@elemental/storages";
import { FaultProxy } from "./support/faultProxy";
import { pendingUploads, rawClient } from "./support/s3Bucket";
import { readS3Env } from "./support/s3Env";
import { seededBytes, sha256 } from "./support/seeded";
import { type StorageTarget, openTarget } from "./support/targets";

// Multipart uploads that fail or are aborted must not leave an upload in progress on the server (where its
// parts cost storage until someone aborts it), and an abort must end the call promptly with E_ABORTED.
// AwsS3Type as it ships: its own client, configured only through its config.
const MiB = 1024 * 1024;
const PART = /[?&]partNumber=/;

/** A stream of `total` bytes made lazily, 1 MiB at a time (a 256 MiB upload never sits in memory). */
function lazyStream(total: number): Readable {
  const chunk = seededBytes(7, MiB);
  return Readable.from(
    (function* () {
      for (let sent = 0; sent < total; sent += MiB) yield chunk.subarray(0, Math.min(MiB, total - sent));
    })(),
  );
}

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

describe("AwsS3Type multipart uploads that fail or are aborted", () => {
  let proxy: FaultProxy;
  let target: StorageTarget;
  let raw: S3Client;

  beforeAll(async () => {
    const env = await readS3Env();
    raw = rawClient(env);
    proxy = await FaultProxy.start(env.endpoint);
    target = await openTarget("s3", {
      endPoint: proxy.endpoint,
      config: { maxAttempts: 3, socketTimeout: 2000, partSize: "5MiB", queueSize: 2 },
    });
  });
  afterEach(() => proxy.clearPlan());
  afterAll(async () => {
    await target?.close();
    await proxy?.close();
    raw?.destroy();
  });

  it.each(["status500", "resetRequest"] as const)("an upload whose parts fail past their retries (%s) fails typed and leaves no upload", async (kind) => {
    proxy.setPlan({ rules: [{ kind, method: "PUT", url: PART, probability: 1 }] });
    const error = await rejection(target.storage.uploadStream(`failing-${kind}.bin`, lazyStream(12 * MiB), "application/octet-stream"));
    proxy.clearPlan();
    expect({ name: error.name, code: error.code }).toEqual({ name: "StorageError", code: "E_UNAVAILABLE" });
    expect(proxy.stats.injected[kind]).toBeGreaterThanOrEqual(3);
    expect(await pendingUploads(raw, target.bucket as string)).toEqual([]);
    expect(await target.storage.exists(`failing-${kind}.bin`)).toBe(false);
  });

  it.each([
    ["of unknown size (multipart)", undefined],
    ["of known size (one streamed PutObject)", 256 * MiB],
  ])("aborting a 256 MiB upload %s rejects with E_ABORTED within 1 s and leaves nothing", async (_label, size) => {
    const controller = new AbortController();
    let abortedAt = 0;
    const upload = target.storage.uploadStream("aborted-256MiB.bin", lazyStream(256 * MiB), "application/octet-stream", {
      signal: controller.signal,
      ...(size === undefined ? {} : { size }),
      onProgress: ({ loaded }) => {
        if (loaded >= 24 * MiB && abortedAt === 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const error = await rejection(upload);
    const elapsed = performance.now() - abortedAt;
    expect(abortedAt).toBeGreaterThan(0);
    expect({ name: error.name, code: error.code }).toEqual({ name: "StorageError", code: "E_ABORTED" });
    expect(elapsed).toBeLessThan(1000);
    expect(await pendingUploads(raw, target.bucket as string)).toEqual([]);
    expect(await target.storage.exists("aborted-256MiB.bin")).toBe(false);
  });

  it("an upload whose CompleteMultipartUpload answer is lost still succeeds (the object is whole)", async () => {
    const bytes = seededBytes(99, 11 * MiB);
    proxy.setPlan({ rules: [{ kind: "resetResponse", method: "POST", url: /[?&]uploadId=/, count: 1 }] });
    const outcome = await target.storage.uploadStream("lost-complete.bin", Readable.from([bytes]), "application/octet-stream").catch((error: unknown) => error);
    expect(proxy.stats.injected.resetResponse).toBeGreaterThanOrEqual(1);
    expect(isStorageError(outcome) ? `${outcome.code}: ${outcome.message}` : "resolved").toBe("resolved");
    expect(sha256(await target.storage.download("lost-complete.bin"))).toBe(sha256(bytes));
  });
});
