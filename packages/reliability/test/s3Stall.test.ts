import { FaultProxy } from "./support/faultProxy";
import { readS3Env } from "./support/s3Env";
import { type StorageTarget, openTarget } from "./support/targets";

// A server that accepts a request and never answers must not hold the caller forever: AwsS3Type's own
// config (`socketTimeout`, not a custom client) bounds how long a request may go without a byte moving,
// and the SDK retries the request that timed out.
describe("AwsS3Type and a server that stalls", () => {
  let proxy: FaultProxy;
  let target: StorageTarget;

  beforeAll(async () => {
    proxy = await FaultProxy.start((await readS3Env()).endpoint);
    target = await openTarget("s3", { endPoint: proxy.endpoint, config: { maxAttempts: 2, socketTimeout: 1000 } });
    await target.storage.uploadByFile("stalled.txt", "x");
  });
  beforeEach(() => proxy.resetStats());
  afterAll(async () => {
    await target?.close();
    await proxy.close();
  });

  it("a request stalled on every attempt ends with E_TIMEOUT once socketTimeout passes", async () => {
    proxy.setPlan({ rules: [{ kind: "stall", method: "HEAD", count: 2 }] });
    const started = Date.now();
    const error = await target.storage.getObject("stalled.txt").then(
      () => undefined,
      (caught: unknown) => caught as { code?: string },
    );
    expect(proxy.stats.injected.stall).toBe(2);
    expect(error?.code).toBe("E_TIMEOUT");
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);

  it("a request stalled once is retried by the SDK and succeeds", async () => {
    proxy.setPlan({ rules: [{ kind: "stall", method: "HEAD", count: 1 }] });
    const info = await target.storage.getObject("stalled.txt");
    expect(proxy.stats.injected.stall).toBe(1);
    expect(proxy.stats.requests).toBe(2);
    expect(info.size).toBe(1);
  }, 15_000);
});
