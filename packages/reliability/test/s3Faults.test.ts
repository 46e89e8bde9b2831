import { AbortMultipartUploadCommand, GetObjectCommand, ListObjectsV2Command, type S3Client } from "@aws-sdk/client-s3";
import { FAULT_KINDS } from "./support/faultPlan";
import { FaultProxy } from "./support/faultProxy";
import { pendingUploads, rawClient } from "./support/s3Bucket";
import { readS3Env } from "./support/s3Env";
import { sha256 } from "./support/seeded";
import { type StorageTarget, openTarget } from "./support/targets";
import { runWorkload } from "./support/workload";

// Mixed operations through a proxy that breaks about one request in ten, in every way the proxy knows,
// on AwsS3Type exactly as it ships: built by createApp from its config, with its own client. A stall ends
// through the config's `socketTimeout` (the proxy never answers a stalled request), and the SDK retries it.
// Nothing may end wrongly: every operation ends with the right result, every byte read back matches, and
// the bucket ends as expected. A GET body that breaks after the SDK handed it out is continued by the Type
// from its last byte, so the caller retries nothing (but, rarely, a request faulted on all its attempts).
const SOAK = process.env.ELEMENTAL_SOAK === "1";
const OPERATIONS = SOAK ? 5000 : 1000;
const MAX_ATTEMPTS = 5;
const sum = (counts: Record<string, number | undefined>): number => Object.values(counts).reduce<number>((total, n) => total + (n ?? 0), 0);

describe("AwsS3Type under injected faults", () => {
  let proxy: FaultProxy;
  let target: StorageTarget;
  let raw: S3Client;

  beforeAll(async () => {
    const env = await readS3Env();
    raw = rawClient(env);
    proxy = await FaultProxy.start(env.endpoint);
    target = await openTarget("s3", {
      endPoint: proxy.endpoint,
      config: { maxAttempts: MAX_ATTEMPTS, socketTimeout: 1500, multipartThreshold: "8MiB", partSize: "5MiB", queueSize: 2 },
    });
  });
  afterAll(async () => {
    await target?.close();
    await proxy?.close();
    raw?.destroy();
  });

  it(`${OPERATIONS} mixed operations with ~10% of requests faulted all end correctly`, async () => {
    proxy.setPlan({
      seed: 20240601,
      rules: [
        // One CreateMultipartUpload whose answer is lost for sure, so the leftover check below has work to do.
        { kind: "resetResponse", method: "POST", url: /[?&]uploads(=|&|$)/, count: 1 },
        { kind: FAULT_KINDS, method: "GET", probability: 0.1 },
        { kind: ["resetRequest", "resetResponse", "status500", "status503", "stall"], probability: 0.1 },
      ],
    });
    const started = Date.now();
    const report = await runWorkload(target.storage, { operations: OPERATIONS, concurrency: 8, largeUploads: SOAK ? 30 : 6, keysPerWorker: 12, seed: 1 });
    const elapsed = Date.now() - started;
    proxy.clearPlan();
    const { stats } = proxy;
    const bucket = target.bucket as string;

    // A CreateMultipartUpload the server carried out but whose answer was lost is retried by the SDK, and
    // the upload the lost answer named is left behind: nobody ever saw its id. Every leftover must be one of
    // those; anything more would be an upload the Type itself failed to complete or abort.
    const leftovers = await pendingUploads(raw, bucket);
    const lostCreates = (stats.answersCut.CreateMultipartUpload ?? 0) + (stats.answersAbandoned.CreateMultipartUpload ?? 0);
    for (const upload of leftovers) await raw.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: upload.Key, UploadId: upload.UploadId }));

    const callerRetries = sum(report.callerRetries);
    const brokenGetBodies = stats.bodiesBroken.GetObject ?? 0;
    const afterBrokenBody = report.callerRetriesBySdkAttempts.body ?? 0;
    const afterAllAttempts = report.callerRetriesBySdkAttempts[MAX_ATTEMPTS] ?? 0;
    console.log(
      [
        `S3 fault workload (shipped AwsS3Type, socketTimeout 1500 ms, maxAttempts ${MAX_ATTEMPTS}): ${report.operations} operations in ${elapsed} ms over ${stats.requests} requests`,
        `operations by kind ${JSON.stringify(report.byKind)}; ${(report.bytesUploaded / 2 ** 20).toFixed(1)} MiB up, ${(report.bytesDownloaded / 2 ** 20).toFixed(1)} MiB down`,
        `faults injected ${JSON.stringify(stats.injected)} (total ${proxy.totalInjected})`,
        `answers cut after the server did the work ${JSON.stringify(stats.answersCut)}; abandoned by the client ${JSON.stringify(stats.answersAbandoned)}`,
        `2xx bodies broken mid-way ${JSON.stringify(stats.bodiesBroken)}`,
        `caller-level retries ${callerRetries}: by code ${JSON.stringify(report.callerRetries)}, by operation ${JSON.stringify(report.callerRetriesByKind)}, ` +
          `by SDK attempts made ${JSON.stringify(report.callerRetriesBySdkAttempts)} (bound: ${brokenGetBodies} GetObject bodies broken)`,
        `multipart uploads left in progress ${leftovers.length} (lost CreateMultipartUpload answers ${lostCreates}), aborted`,
        ...report.retriedSamples.map((sample) => `  retried after the SDK gave up: ${sample}`),
      ].join("\n"),
    );

    expect(report.failures).toEqual([]);
    expect(report.operations).toBe(OPERATIONS);
    expect(proxy.totalInjected).toBeGreaterThan(stats.requests * 0.05);
    for (const kind of FAULT_KINDS) expect({ kind, injected: stats.injected[kind] > 0 }).toEqual({ kind, injected: true });
    expect(report.byKind.uploadLarge).toBeGreaterThan(0);
    // The Type's own retries absorb every fault, GET bodies broken after the SDK handed them out included
    // (continued from their last byte), but (rarely, ~0.15^5 per request) one request faulted on all its
    // attempts. An SDK giving up sooner is a regression; so is a caller retry after a broken body.
    expect({ retriedAfterTheSdkGaveUpEarly: callerRetries - afterBrokenBody - afterAllAttempts }).toEqual({ retriedAfterTheSdkGaveUpEarly: 0 });
    expect(brokenGetBodies).toBeGreaterThan(0);
    expect({ afterBrokenBody, brokenGetBodies }).toEqual({ afterBrokenBody: 0, brokenGetBodies });
    expect(afterAllAttempts).toBeLessThanOrEqual(2);
    expect(stats.answersCut.CreateMultipartUpload).toBeGreaterThanOrEqual(1);
    expect({ leftovers: leftovers.length, lostCreates, ok: leftovers.length <= lostCreates }).toMatchObject({ ok: true });
    expect(await pendingUploads(raw, bucket)).toEqual([]);

    // The bucket, read directly (no proxy, no Type), holds exactly the expected objects, byte for byte.
    const listed = await raw.send(new ListObjectsV2Command({ Bucket: bucket }));
    expect((listed.Contents ?? []).map((entry) => entry.Key).sort()).toEqual([...report.expected.keys()].sort());
    for (const [key, digest] of report.expected) {
      const object = await raw.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      expect({ key, digest: sha256(bytes) }).toEqual({ key, digest });
    }
  }, 300_000);
});
