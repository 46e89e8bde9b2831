import { createHash } from "node:crypto";
import { ListPartsCommand, type S3Client } from "@aws-sdk/client-s3";
import { pendingUploads } from "./support/s3Bucket";
import { seededBytes } from "./support/seeded";
import type { ShapingProxy } from "./support/shapingProxy";
import { type ResumeSetup, resumeSetup, resumeStates } from "./support/resumeSetup";
import { type StorageTarget, openTarget } from "./support/targets";

// `uploadByPath(..., { resume: true })` across a slow link: an upload interrupted half-way is continued by
// the next call, which sends only the parts the server does not have (ListParts); abandoned uploads are
// aborted once their state is older than `resumeExpiry`.
const MiB = 1024 * 1024;
const PART = 5 * MiB;
const QUEUE = 2;
const SIZE = 30 * MiB + 77;
const BYTES = seededBytes(21, SIZE);
/** Room for the requests themselves (headers, ListParts, CompleteMultipartUpload): bodies are what is counted. */
const HEADERS = 256 * 1024;
const sha256 = (bytes: Buffer): string => createHash("sha256").update(bytes).digest("hex");

describe("AwsS3Type resumable uploads", () => {
  let proxy: ShapingProxy;
  let target: StorageTarget;
  let raw: S3Client;
  let file = "";
  const states = resumeStates;

  let setup: ResumeSetup;
  beforeAll(async () => {
    setup = await resumeSetup(BYTES, 8 * MiB, { partSize: "5MiB", queueSize: String(QUEUE), multipartThreshold: "5MiB" });
    ({ proxy, target, raw, file } = setup);
  });
  afterAll(() => setup?.close());

  /** Starts a resumable upload and aborts it once `fraction` of the file has gone out. */
  async function interrupted(storage: StorageTarget, key: string, fraction: number): Promise<number> {
    const controller = new AbortController();
    const before = proxy.stats.bytesUp;
    const error = await storage.storage
      .uploadByPath(key, file, undefined, {
        resume: true,
        signal: controller.signal,
        onProgress: ({ loaded }: { loaded: number }) => {
          if (loaded >= SIZE * fraction) controller.abort();
        },
      } as object)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    expect(error).toMatchObject({ code: "E_ABORTED" });
    // What the client wrote before the abort may still sit in socket buffers: let it drain through the link.
    for (let last = -1; last !== proxy.stats.bytesUp; ) {
      last = proxy.stats.bytesUp;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    return proxy.stats.bytesUp - before;
  }

  it("an upload interrupted half-way is continued: only the missing parts are sent, and the object is whole", async () => {
    const firstRun = await interrupted(target, "resumed.bin", 0.5);
    const [upload] = await pendingUploads(raw, target.bucket as string);
    expect(upload?.Key).toBe("resumed.bin");
    expect(await states(target)).toHaveLength(1);
    const listed = await raw.send(new ListPartsCommand({ Bucket: target.bucket, Key: "resumed.bin", UploadId: upload?.UploadId }));
    const kept = (listed.Parts ?? []).reduce((sum, part) => sum + (part.Size ?? 0), 0);
    expect(kept).toBeGreaterThanOrEqual(PART);

    const before = proxy.stats.bytesUp;
    const result = await target.storage.uploadByPath("resumed.bin", file, undefined, { resume: true } as object);
    const secondRun = proxy.stats.bytesUp - before;
    expect(result.size).toBe(SIZE);
    // Only what the server did not have goes again (plus request headers); what the interruption wasted is
    // at most the parts that were in flight.
    expect(secondRun).toBeLessThan(SIZE - kept + HEADERS);
    const sentAgain = firstRun + secondRun - SIZE;
    expect(sentAgain).toBeLessThan(QUEUE * PART + HEADERS);
    expect(await pendingUploads(raw, target.bucket as string)).toEqual([]);
    expect(await states(target)).toEqual([]);
    proxy.setShaping({});
    expect(sha256(await target.storage.download("resumed.bin"))).toBe(sha256(BYTES));
    proxy.setShaping({ bytesPerSecond: 8 * MiB, latencyMs: 2 });
  }, 60_000);

  it("an abandoned upload is aborted on the server once its state is older than resumeExpiry", async () => {
    const short = await openTarget("s3", {
      endPoint: proxy.endpoint,
      config: { partSize: "5MiB", queueSize: String(QUEUE), multipartThreshold: "5MiB", resumeExpiry: 1 },
    });
    try {
      await interrupted(short, "abandoned.bin", 0.3);
      expect(await pendingUploads(raw, short.bucket as string)).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 1200));
      proxy.setShaping({});
      await short.storage.uploadByPath("other.bin", file, undefined, { resume: true } as object);
      expect(await pendingUploads(raw, short.bucket as string)).toEqual([]);
      expect(await states(short)).toEqual([]);
      expect(await short.storage.exists("abandoned.bin")).toBe(false);
    } finally {
      proxy.setShaping({ bytesPerSecond: 8 * MiB, latencyMs: 2 });
      await short.close();
    }
  }, 60_000);

  it("resume needs a local file: uploadStream with resume is E_INVALID_ARGUMENT", async () => {
    const error = await target.storage
      .uploadStream("x.bin", Buffer.alloc(10) as never, undefined, { resume: true } as object)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "E_INVALID_ARGUMENT", operation: "uploadStream" });
  });
});
