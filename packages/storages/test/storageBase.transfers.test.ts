import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { type StorageError, type TransferProgress, contentTypeFor, isStorageError } from "@elemental/storages";
import { createProbe, type ProbeStorage, removeProbeApps } from "./support/probeStorage";

const dir = mkdtempSync(path.join(tmpdir(), "storages-base-"));
afterAll(() => {
  removeProbeApps();
  rmSync(dir, { recursive: true, force: true });
});

async function streamError(stream: Readable): Promise<StorageError> {
  try {
    for await (const _chunk of stream) {
      // drain
    }
  } catch (error) {
    if (isStorageError(error)) return error;
    throw new Error(`expected a StorageError, got ${String(error)}`);
  }
  throw new Error("expected the stream to fail");
}

async function rejection(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

let probe: ProbeStorage;
beforeEach(async () => {
  probe = await createProbe();
  await probe.uploadByFile("ten.bin", Buffer.alloc(10, 1));
});

describe("the length guard on downloads", () => {
  it.each([
    ["shorter", 5],
    ["longer", 15],
  ])("a body %s than its announced length fails download with E_CHECKSUM_MISMATCH", async (_label, actual) => {
    probe.read = async () => ({ body: Readable.from([Buffer.alloc(actual)]), contentLength: 10 });
    const error = await rejection(probe.download("ten.bin"));
    expect([error.code, error.operation, error.key, error.element]).toEqual(["E_CHECKSUM_MISMATCH", "download", "ten.bin", "storages.Probe"]);
  });

  it("a short body fails the downloadStream stream with a StorageError that names the operation and key", async () => {
    probe.read = async () => ({ body: Readable.from([Buffer.alloc(5)]), contentLength: 10 });
    const error = await streamError(await probe.downloadStream("ten.bin"));
    expect([error.code, error.operation, error.key, error.storageType]).toEqual(["E_CHECKSUM_MISMATCH", "downloadStream", "ten.bin", "storages.ProbeType"]);
    expect(error.message).toContain("the body ended after 5 of 10 bytes");
  });

  it("a body that fails mid-way surfaces as a classified StorageError with the failure as cause", async () => {
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    probe.read = async () => {
      const body = new Readable({ read() {} });
      body.push(Buffer.alloc(4));
      setImmediate(() => body.destroy(reset));
      return { body, contentLength: 10 };
    };
    const error = await streamError(await probe.downloadStream("ten.bin"));
    expect([error.code, error.operation, error.cause]).toEqual(["E_UNAVAILABLE", "downloadStream", reset]);
  });

  it("a body of unknown length is passed through, and its failures are wrapped too", async () => {
    probe.read = async () => ({ body: Readable.from([Buffer.from("abc")]), contentLength: undefined });
    expect((await probe.download("ten.bin")).toString()).toBe("abc");
    probe.read = async () => ({
      body: new Readable({
        read() {
          this.destroy(new Error("gone"));
        },
      }),
      contentLength: undefined,
    });
    expect((await streamError(await probe.downloadStream("ten.bin"))).code).toBe("E_UNKNOWN");
  });

  it("destroying a downloadStream before reading it destroys the backend's body", async () => {
    const body = new Readable({ read() {} });
    probe.read = async () => ({ body, contentLength: 10 });
    const stream = await probe.downloadStream("ten.bin");
    stream.destroy();
    await new Promise((resolve) => body.once("close", resolve));
    expect(body.destroyed).toBe(true);
  });
});

describe("upload checks and progress", () => {
  it("fails with E_CHECKSUM_MISMATCH when the backend stored another size than was sent", async () => {
    probe.storedSizeDelta = -1;
    const error = await rejection(probe.uploadByFile("short.bin", Buffer.alloc(100)));
    expect([error.code, error.operation]).toEqual(["E_CHECKSUM_MISMATCH", "uploadByFile"]);
    expect(error.message).toContain("stored 99 bytes where 100 were sent");
  });

  it("reports one progress event for bytes, once they are stored", async () => {
    const events: TransferProgress[] = [];
    await probe.uploadByFile("p.bin", new Uint8Array(300), undefined, {
      onProgress: (progress) => events.push({ ...progress, stored: probe.objectCount() } as TransferProgress),
    });
    expect(events).toEqual([{ loaded: 300, total: 300, stored: 2 }]);
  });

  it("counts the bytes of a stream as the Type reads them", async () => {
    const events: number[] = [];
    await probe.uploadStream("s.bin", Readable.from([Buffer.alloc(3), Buffer.alloc(4), Buffer.alloc(5)]), undefined, {
      onProgress: ({ loaded }) => events.push(loaded),
    });
    expect(events).toEqual([3, 7, 12]);
  });

  it("uploadByPath aborted while it opens the file fails with E_ABORTED, and nothing is thrown elsewhere", async () => {
    const file = path.join(dir, "opened.bin");
    writeFileSync(file, Buffer.alloc(1000, 3));
    const controller = new AbortController();
    const upload = probe.uploadByPath("opened.bin", file, undefined, { signal: controller.signal });
    controller.abort(); // after the call's own check, before the body is handed to the Type
    expect((await rejection(upload)).code).toBe("E_ABORTED");
    await new Promise((resolve) => setImmediate(resolve)); // an unhandled stream error would surface here
    expect(await probe.exists("opened.bin")).toBe(false);
  });

  it("uploadByPath of a symlink uploads the whole target, sized from the opened file", async () => {
    const target = path.join(dir, "target.bin");
    writeFileSync(target, Buffer.alloc(5000, 7));
    const link = path.join(dir, "link.bin");
    symlinkSync(target, link);
    const totals = new Set<number | undefined>();
    const result = await probe.uploadByPath("linked.bin", link, undefined, { onProgress: ({ total }) => totals.add(total) });
    expect(result.size).toBe(5000);
    expect([...totals]).toEqual([5000]);
    expect((await probe.download("linked.bin")).equals(Buffer.alloc(5000, 7))).toBe(true);
  });

  it.each([
    ["the key's extension first", "report.json", "data.csv", undefined, "application/json"],
    ["the file's extension when the key has none", "report", "data.csv", undefined, "text/csv"],
    ["application/octet-stream when neither has one", "report", "data", undefined, "application/octet-stream"],
    ["an explicit type over both", "report.json", "data.csv", "text/plain", "text/plain"],
  ])("uploadByPath's content type is %s", async (_label, key, file, given, expected) => {
    writeFileSync(path.join(dir, file), "x");
    expect((await probe.uploadByPath(key, path.join(dir, file), given)).contentType).toBe(expected);
  });
});

describe("capabilities and signing defaults", () => {
  it("reports E_UNSUPPORTED for a range when the Type lacks ranges, before reading anything", async () => {
    probe.capabilities.ranges = false;
    let reads = 0;
    probe.read = async () => {
      reads += 1;
      return { body: Readable.from([]), contentLength: 0 };
    };
    expect((await rejection(probe.downloadStream("ten.bin", { range: { start: 0, end: 1 } }))).code).toBe("E_UNSUPPORTED");
    expect((await rejection(probe.downloadStream("ten.bin", { range: { start: 2, end: 1 } }))).code).toBe("E_INVALID_ARGUMENT");
    expect(reads).toBe(0);
  });

  it("reports E_UNSUPPORTED for metadata when the Type lacks it, and accepts empty metadata", async () => {
    probe.capabilities.metadata = false;
    expect((await rejection(probe.uploadByFile("m.txt", "x", undefined, { metadata: { a: "b" } }))).code).toBe("E_UNSUPPORTED");
    expect(await probe.exists("m.txt")).toBe(false);
    await probe.uploadByFile("m.txt", "x", undefined, { metadata: {} });
    expect(await probe.exists("m.txt")).toBe(true);
  });

  it("signs with expires 300 by default, passes no content type for GET when none is given, and infers it for uploads", async () => {
    await probe.getSignUrl("a.txt");
    await probe.getSignUrl("a.txt", "", 60);
    await probe.getSignUrl("a.txt", "text/csv", 604800);
    await probe.getUploadUrl("b.json");
    await probe.getUploadUrl("c", undefined, 1);
    expect(probe.signed).toEqual([
      ["get", "a.txt", undefined, 300],
      ["get", "a.txt", undefined, 60],
      ["get", "a.txt", "text/csv", 604800],
      ["put", "b.json", "application/json", 300],
      ["put", "c", "application/octet-stream", 1],
    ]);
  });
});

describe("contentTypeFor", () => {
  it.each([
    ["video.mp4", "video/mp4"],
    ["folder/data.JSON", "application/json"],
    ["archive.tar.gz", "application/gzip"],
    ["json", "application/octet-stream"],
    ["c", "application/octet-stream"],
    ["folder/pdf", "application/octet-stream"],
    [".bashrc", "application/octet-stream"],
    ["name.", "application/octet-stream"],
  ])("%s -> %s", (key, expected) => {
    expect(contentTypeFor(key)).toBe(expected);
  });

  it("uploadByPath sends the file once more after a passing failure, with progress that never goes back", async () => {
    const file = path.join(dir, "retry.bin");
    writeFileSync(file, Buffer.alloc(300_000, 7));
    probe.failingWrites = 1;
    probe.writes = 0;
    const seen: number[] = [];
    const result = await probe.uploadByPath("retry.bin", file, undefined, { onProgress: ({ loaded }) => seen.push(loaded) });
    expect(probe.writes).toBe(2);
    expect(result.size).toBe(300_000);
    expect((await probe.download("retry.bin")).equals(Buffer.alloc(300_000, 7))).toBe(true);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen[seen.length - 1]).toBe(300_000);
  });

  it("uploadByPath gives up after the second try, and does not retry a failure that is not passing", async () => {
    const file = path.join(dir, "fails.bin");
    writeFileSync(file, "data");
    probe.failingWrites = 5;
    probe.writes = 0;
    await expect(probe.uploadByPath("fails.bin", file)).rejects.toMatchObject({ code: "E_UNAVAILABLE" });
    expect(probe.writes).toBe(2);
    probe.failingWrites = 5;
    probe.writes = 0;
    probe.writeFailure = Object.assign(new Error("denied"), { code: "EACCES" });
    await expect(probe.uploadByPath("fails.bin", file)).rejects.toMatchObject({ code: "E_ACCESS_DENIED" });
    expect(probe.writes).toBe(1);
    probe.failingWrites = 0;
  });
});
