import { StorageError, isStorageError } from "@elemental/storages";
import { createProbe, PROBE_SECRET, PROBE_TOKEN, type ProbeStorage, removeProbeApps } from "./support/probeStorage";

afterAll(removeProbeApps);

async function failure(promise: Promise<unknown>): Promise<StorageError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStorageError(error)) throw new Error(`expected a StorageError, got ${String(error)}`);
  return error;
}

describe("StorageBase error wrapping", () => {
  let probe: ProbeStorage;
  beforeEach(async () => {
    probe = await createProbe();
  });

  it("classifies a backend error, keeps it as `cause` and names the Type, element, operation and key", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    probe.failure = refused;
    const error = await failure(probe.getObject("folder/a.txt"));
    expect(error).toMatchObject({
      code: "E_UNAVAILABLE",
      storageType: "storages.ProbeType",
      element: "storages.Probe",
      operation: "getObject",
      key: "folder/a.txt",
    });
    expect(error.cause).toBe(refused);
    expect(error.message).toBe('E_UNAVAILABLE: getObject("folder/a.txt") on storages.Probe (storages.ProbeType): connect ECONNREFUSED 127.0.0.1:9');
  });

  it("asks the Type's storageErrorOf before the common rules", async () => {
    probe.translate = (e) => ((e as Error).name === "Forbidden" ? { code: "E_ACCESS_DENIED", detail: "forbidden" } : undefined);
    probe.failure = Object.assign(new Error("no"), { name: "Forbidden", code: "ENOENT" });
    const error = await failure(probe.download("a.txt"));
    expect([error.code, error.detail]).toEqual(["E_ACCESS_DENIED", "forbidden"]);
    expect(error.message).toBe('E_ACCESS_DENIED: download("a.txt") on storages.Probe (storages.ProbeType): forbidden');
  });

  it("hands out the very StorageError a Type threw, with the context added: its stack is where the Type threw it", async () => {
    // MemoryType throws E_NOT_FOUND from its lookup of the key.
    const error = await failure(probe.getObject("folder/missing.txt"));
    expect(error.message).toBe('E_NOT_FOUND: getObject("folder/missing.txt") on storages.Probe (storages.ProbeType): no such object');
    expect(error.detail).toBe("no such object");
    const frames = (error.stack ?? "").split("\n");
    expect(frames[0]).toBe(`StorageError: ${error.message}`);
    expect(frames[1]).toMatch(/\bfind\b/);
    expect(frames.some((frame) => /\bstatObject\b/.test(frame))).toBe(true);
    expect(error.stack).not.toMatch(/\b(wrap|storageErrorFor|addContext)\b/);
  });

  it("builds one StorageError for a backend's error, whose stack starts at the operation that failed", async () => {
    probe.failure = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const error = await failure(probe.getObject("a.txt"));
    const frames = (error.stack ?? "").split("\n");
    expect(frames[0]).toBe(`StorageError: ${error.message}`);
    // Its first frame is `run`'s, where the operation failed; nothing of the error path above it.
    expect(frames[1]).toMatch(/StorageOperations\.ts:\d+/);
    expect(frames.filter((frame) => /StorageBase\.ts|StorageOperations\.ts|failure\.ts|errors\.ts/.test(frame))).toHaveLength(1);
  });

  it("keeps a message read before the context was added in step with it", async () => {
    const thrown = new StorageError("E_PRECONDITION_FAILED", "the etag changed");
    expect(thrown.stack).toMatch(/^StorageError: E_PRECONDITION_FAILED: the etag changed\n/);
    probe.failure = thrown;
    const error = await failure(probe.getObject("a.txt"));
    expect(error).toBe(thrown);
    expect(error.stack?.split("\n")[0]).toBe(`StorageError: ${error.message}`);
  });

  it("reports an error nothing classifies as E_UNKNOWN, with its cause", async () => {
    const odd = new RangeError("something odd");
    probe.failure = odd;
    const error = await failure(probe.uploadByFile("a.txt", "x"));
    expect([error.code, error.cause, error.operation]).toEqual(["E_UNKNOWN", odd, "uploadByFile"]);
  });

  it("adds the context to a bare StorageError a Type throws, keeping its code, detail and cause", async () => {
    const root = new Error("412 from the server");
    probe.failure = new StorageError("E_PRECONDITION_FAILED", "the etag changed", { cause: root });
    const error = await failure(probe.getObject("a.txt"));
    expect(error.message).toBe('E_PRECONDITION_FAILED: getObject("a.txt") on storages.Probe (storages.ProbeType): the etag changed');
    expect(error.cause).toBe(root);
  });

  it("never puts a secret from the config, or a signature, in a message", async () => {
    probe.failure = new Error(`denied for ${PROBE_SECRET} with ${PROBE_TOKEN} at http://h/b/k?X-Amz-Credential=AKIAPUBLIC%2F1&X-Amz-Signature=0123abcdef`);
    const error = await failure(probe.download("a.txt"));
    expect(error.message).not.toContain(PROBE_SECRET);
    expect(error.message).not.toContain(PROBE_TOKEN);
    expect(error.message).not.toContain("0123abcdef");
    expect(error.message).toContain("denied for *** with *** at http://h/b/k?X-Amz-Credential=***&X-Amz-Signature=***");
  });

  it("names the destination key when copy's or move's `to` is invalid", async () => {
    await probe.uploadByFile("from.txt", "x");
    for (const operation of ["copy", "move"] as const) {
      const error = await failure(probe[operation]("from.txt", "../escape.txt"));
      expect([error.code, error.operation, error.key]).toEqual(["E_INVALID_KEY", operation, "../escape.txt"]);
    }
    expect(await probe.exists("from.txt")).toBe(true);
  });

  it("escapes control characters and cuts long keys where a key appears in an error", async () => {
    const error = await failure(probe.download("a\u0001b"));
    expect(error.key).toBe("a\\u0001b");
    const long = await failure(probe.download("x".repeat(2000)));
    expect(long.key).toBe(`${"x".repeat(200)}…`);
  });
});

describe("StorageBase and AbortSignal", () => {
  it("reports E_ABORTED for a signal aborted with a reason of the caller's own, keeping the reason as cause", async () => {
    const probe = await createProbe();
    const controller = new AbortController();
    const reason = new Error("the user left");
    controller.abort(reason);
    const error = await failure(probe.download("a.txt", { signal: controller.signal }));
    expect([error.code, error.cause]).toEqual(["E_ABORTED", reason]);
  });

  it("reports E_ABORTED when the backend fails in another way after the signal was aborted", async () => {
    const probe = await createProbe();
    const controller = new AbortController();
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    probe.read = async () => {
      controller.abort();
      throw reset;
    };
    await probe.uploadByFile("a.txt", "x");
    const error = await failure(probe.download("a.txt", { signal: controller.signal }));
    expect([error.code, error.cause]).toEqual(["E_ABORTED", reset]);
  });

  it("reports E_TIMEOUT when the signal is a timeout's (AbortSignal.timeout), whatever the backend then said", async () => {
    const probe = await createProbe();
    const signal = AbortSignal.timeout(1);
    const reset = Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
    probe.read = async () => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      throw reset;
    };
    await probe.uploadByFile("a.txt", "x");
    const error = await failure(probe.download("a.txt", { signal }));
    expect([error.code, error.detail, error.cause]).toEqual(["E_TIMEOUT", "timed out (socket hang up)", reset]);
  });

  it("keeps the caller's own mistakes as they are, even when the signal is aborted", async () => {
    const probe = await createProbe();
    const error = await failure(probe.download("/abs", { signal: AbortSignal.abort() }));
    expect(error.code).toBe("E_INVALID_KEY");
  });
});
