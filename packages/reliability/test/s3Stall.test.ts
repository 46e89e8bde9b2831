import { awsS3ConfigSchema } from "@elemental/storage-s3";
import { FaultProxy } from "./support/faultProxy";
import { readS3Env } from "./support/s3Env";
import { type StorageTarget, openTarget } from "./support/targets";

// A server that accepts a request and never answers must not hold the caller forever: AwsS3Type's own
// config (not a custom client) must bound how long a request may stall. The SDK's request timeout only
// warns unless `throwOnRequestTimeout` is set, so this checks the behaviour, not the setting.
const timeoutField = Object.keys((awsS3ConfigSchema.properties ?? {}) as Record<string, unknown>).find((name) => /timeout/i.test(name));

describe("AwsS3Type and a server that stalls", () => {
  let proxy: FaultProxy;
  let target: StorageTarget | undefined;

  beforeAll(async () => {
    proxy = await FaultProxy.start((await readS3Env()).endpoint);
  });
  afterAll(async () => {
    await target?.close();
    await proxy.close();
  });

  it("its config has a request timeout", () => {
    expect({ configFieldMatchingTimeout: timeoutField }).toEqual({ configFieldMatchingTimeout: expect.stringMatching(/timeout/i) });
  });

  it("a stalled request ends with E_TIMEOUT or E_UNAVAILABLE once the configured timeout passes", async () => {
    if (timeoutField === undefined) throw new Error("AwsS3Type's config has no request timeout to configure");
    const value = /seconds?$|Sec$|S$/.test(timeoutField) ? 1 : 1000;
    target = await openTarget("s3", { endPoint: proxy.endpoint, config: { maxAttempts: 1, [timeoutField]: value } });
    await target.storage.uploadByFile("stalled.txt", "x");
    proxy.setPlan({ rules: [{ kind: "stall", method: "HEAD", count: 1 }] });
    const started = Date.now();
    const error = await target.storage.getObject("stalled.txt").then(() => undefined, (caught: unknown) => caught as { code?: string });
    expect(proxy.stats.injected.stall).toBe(1);
    expect(["E_TIMEOUT", "E_UNAVAILABLE"]).toContain(error?.code);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 15_000);
});
