import { createHash } from "node:crypto";
import { GetObjectCommand, ListPartsCommand, type S3Client } from "@aws-sdk/client-s3";
import { nextLine, spawnTs } from "./support/child";
import { pendingUploads } from "./support/s3Bucket";
import { seededBytes } from "./support/seeded";
import type { ShapingProxy } from "./support/shapingProxy";
import { type ResumeSetup, resumeSetup, resumeStates } from "./support/resumeSetup";
import type { StorageTarget } from "./support/targets";

// Issue #14: a process killed with SIGKILL half-way through `uploadByPath(..., { resume: true })`, then the
// upload resumed. S3 keeps only whole parts, so what goes over the link twice is the part of every part in
// flight that had been sent when the process died: at most `queueSize x partSize`, one part with queueSize 1.
const MiB = 1024 * 1024;
const PART = 5 * MiB;
const SIZE = 45 * MiB + 77;
const BYTES = seededBytes(14, SIZE);
/** Per connection, so that half the file takes a few seconds to go out whatever the parts in flight. */
const RATE = 8 * MiB;
/** Room for the requests themselves (headers, ListParts, CompleteMultipartUpload): bodies are what is counted. */
const HEADERS = 256 * 1024;
const sha256 = (bytes: Uint8Array): string => createHash("sha256").update(bytes).digest("hex");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("AwsS3Type resumable upload after a SIGKILL at half", () => {
  let proxy: ShapingProxy;
  let target: StorageTarget;
  let raw: S3Client;
  let file = "";
  const states = (): Promise<string[]> => resumeStates(target);

  let setup: ResumeSetup;
  beforeAll(async () => {
    // queueSize is left at its default (16): the "default" case uses it, the others pass queueSize per call.
    setup = await resumeSetup(BYTES, RATE, { partSize: "5MiB", multipartThreshold: "5MiB" });
    ({ proxy, target, raw, file } = setup);
  });
  afterAll(() => setup?.close());

  /**
   * Runs the upload in a child process and kills it with SIGKILL once half the file has gone through the
   * proxy; with `linkDown`, the proxy's connections are cut at the same moment. Without it, what the dead
   * process had handed to its kernel still goes out (a closed socket sends its buffer, then FIN), which can
   * finish parts after the kill; cut, every part in flight is lost (a machine that loses power or its link).
   */
  async function killedAtHalf(key: string, queueSize: string, linkDown: boolean): Promise<number> {
    const before = proxy.stats.bytesUp;
    const { child, lines, exited } = spawnTs("resumeUploadChild.ts", [target.root, file, key, queueSize]);
    let ended: string | undefined;
    nextLine(lines).then(
      (line) => (ended = `the upload ended before the kill: ${line}`),
      (error: unknown) => (ended = String(error)),
    );
    const deadline = Date.now() + 30_000;
    while (proxy.stats.bytesUp - before < SIZE / 2 && ended === undefined && Date.now() < deadline) await sleep(2);
    child.kill("SIGKILL");
    if (linkDown) proxy.dropConnections();
    expect(ended).toBeUndefined();
    expect(proxy.stats.bytesUp - before).toBeGreaterThanOrEqual(SIZE / 2);
    expect(await exited).toBe("SIGKILL");
    for (let last = -1; last !== proxy.stats.bytesUp; ) {
      last = proxy.stats.bytesUp;
      await sleep(300);
    }
    return proxy.stats.bytesUp - before;
  }

  it.each([
    { how: "SIGKILL", queueSize: "default", inFlight: 16, linkDown: false },
    { how: "SIGKILL and the link cut", queueSize: "default", inFlight: 16, linkDown: true },
    { how: "SIGKILL", queueSize: "4", inFlight: 4, linkDown: false },
    { how: "SIGKILL", queueSize: "1", inFlight: 1, linkDown: false },
    { how: "SIGKILL and the link cut", queueSize: "1", inFlight: 1, linkDown: true },
  ])(
    "$how at half, queueSize $queueSize: the resumed object is whole, at most $inFlight part(s) went twice",
    async ({ how, queueSize, inFlight, linkDown }) => {
      const key = `killed-${queueSize}-${linkDown}.bin`;
      const firstRun = await killedAtHalf(key, queueSize, linkDown);
      const pending = (await pendingUploads(raw, target.bucket as string)).filter((upload) => upload.Key === key);
      expect(pending).toHaveLength(1);
      expect(await states()).toHaveLength(1);
      const listed = await raw.send(new ListPartsCommand({ Bucket: target.bucket, Key: key, UploadId: pending[0]?.UploadId }));
      const kept = (listed.Parts ?? []).reduce((sum, part) => sum + (part.Size ?? 0), 0);

      const before = proxy.stats.bytesUp;
      const options = { resume: true, ...(queueSize === "default" ? {} : { queueSize: Number(queueSize) }) };
      const result = await target.storage.uploadByPath(key, file, undefined, options as object);
      const secondRun = proxy.stats.bytesUp - before;
      expect(result.size).toBe(SIZE);
      expect(secondRun).toBeLessThan(SIZE - kept + HEADERS);
      const sentAgain = firstRun + secondRun - SIZE;
      console.log(
        `${how} at half, queueSize ${queueSize}, ${(SIZE / MiB).toFixed(0)} MiB in 5 MiB parts: ` +
          `${(firstRun / MiB).toFixed(1)} MiB up in the killed run, ${(kept / MiB).toFixed(0)} MiB kept by the server, ` +
          `${(secondRun / MiB).toFixed(1)} MiB by the resume: ${(sentAgain / MiB).toFixed(2)} MiB sent again (bound ${inFlight} x 5 MiB)`,
      );
      // At most the parts in flight, and at most what had gone out at the kill (half the file) and one part draining.
      const atMost = Math.min(inFlight, Math.ceil(SIZE / 2 / PART) + 1);
      expect(sentAgain).toBeLessThanOrEqual(atMost * PART + HEADERS);
      expect(await pendingUploads(raw, target.bucket as string)).toEqual([]);
      expect(await states()).toEqual([]);
      const stored = await raw.send(new GetObjectCommand({ Bucket: target.bucket, Key: key }));
      expect(sha256(await (stored.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray())).toBe(sha256(BYTES));
    },
    60_000,
  );
});
