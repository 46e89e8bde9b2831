import { FaultProxy } from "./support/faultProxy";
import { patternBytes, rawRequest, startEchoServer } from "./support/rawHttp";
import { readS3Env } from "./support/s3Env";

// The proxy is the instrument of the S3 fault tests, so each fault is first checked to be what it claims,
// against a plain HTTP server whose every received request is recorded.
describe("fault proxy", () => {
  let upstream: Awaited<ReturnType<typeof startEchoServer>>;
  let proxy: FaultProxy;

  beforeAll(async () => {
    upstream = await startEchoServer();
    proxy = await FaultProxy.start(upstream.url);
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });
  beforeEach(() => {
    proxy.clearPlan();
    proxy.resetStats();
    upstream.received.length = 0;
  });

  it("forwards requests and bodies unchanged when no fault is planned", async () => {
    const body = patternBytes(300_000);
    const echoed = await rawRequest(`${proxy.endpoint}/echo?x=1`, { method: "PUT", body });
    expect(echoed).toMatchObject({ status: 200, error: undefined });
    expect(echoed.body.equals(body)).toBe(true);
    const fetched = await rawRequest(`${proxy.endpoint}/bytes/1000`);
    expect(fetched.body.equals(patternBytes(1000))).toBe(true);
    expect(upstream.received).toEqual(["PUT /echo?x=1", "GET /bytes/1000"]);
    expect(proxy.totalInjected).toBe(0);
  });

  it("resets a request mid-upload before the server sees it", async () => {
    proxy.setPlan({ rules: [{ kind: "resetRequest", count: 1 }] });
    const reply = await rawRequest(`${proxy.endpoint}/echo`, { method: "PUT", body: patternBytes(2_000_000) });
    expect(reply.status).toBeUndefined();
    expect(reply.error).toMatch(/ECONNRESET|EPIPE/);
    expect(upstream.received).toEqual([]);
    expect(proxy.stats.injected.resetRequest).toBe(1);
  });

  it("answers 500 and 503 SlowDown with an S3 error document, without forwarding", async () => {
    proxy.setPlan({
      rules: [
        { kind: "status503", count: 1 },
        { kind: "status500", count: 1 },
      ],
    });
    const slowDown = await rawRequest(`${proxy.endpoint}/echo`, { method: "PUT", body: Buffer.from("x") });
    const internal = await rawRequest(`${proxy.endpoint}/bytes/10`);
    expect(slowDown.status).toBe(503);
    expect(slowDown.body.toString()).toMatch(/<Error><Code>SlowDown<\/Code>/);
    expect(internal.status).toBe(500);
    expect(internal.body.toString()).toMatch(/<Code>InternalError<\/Code>/);
    expect(upstream.received).toEqual([]);
  });

  it("stalls until the client gives up", async () => {
    proxy.setPlan({ rules: [{ kind: "stall", count: 1 }] });
    const reply = await rawRequest(`${proxy.endpoint}/bytes/10`, { timeoutMs: 300 });
    expect(reply).toMatchObject({ status: undefined, error: "TIMEOUT" });
    expect(upstream.received).toEqual([]);
  });

  it("truncates a body: fewer bytes than Content-Length, then the connection closes", async () => {
    proxy.setPlan({ rules: [{ kind: "truncate", count: 1, method: "GET" }] });
    const reply = await rawRequest(`${proxy.endpoint}/bytes/100000`);
    expect(reply.status).toBe(200);
    expect(reply.headers["content-length"]).toBe("100000");
    expect(reply.body.length).toBe(50000);
    expect(reply.body.equals(patternBytes(100000).subarray(0, 50000))).toBe(true);
    expect(reply.error).toBe("aborted");
  });

  it("sends the whole body under a Content-Length that promises more", async () => {
    proxy.setPlan({ rules: [{ kind: "wrongLength", count: 1, method: "GET" }] });
    const reply = await rawRequest(`${proxy.endpoint}/bytes/1000`);
    expect(Number(reply.headers["content-length"])).toBeGreaterThan(1000);
    expect(reply.body.equals(patternBytes(1000))).toBe(true);
    expect(reply.error).toBe("aborted");
  });

  it("resets a response after the server has done the work", async () => {
    proxy.setPlan({ rules: [{ kind: "resetResponse", count: 2 }] });
    const put = await rawRequest(`${proxy.endpoint}/echo`, { method: "PUT", body: Buffer.from("side effect") });
    const get = await rawRequest(`${proxy.endpoint}/bytes/100000`);
    expect(put.error).toMatch(/ECONNRESET|socket hang up|aborted/);
    expect(put.body.length).toBeLessThan("side effect".length);
    expect(get.error).toMatch(/ECONNRESET|aborted/);
    expect(get.body.length).toBeLessThan(100000);
    expect(upstream.received).toEqual(["PUT /echo", "GET /bytes/100000"]);
    expect(proxy.stats.injected.resetResponse).toBe(2);
  });

  it("counts, by S3 operation, answers cut after the server did the work, bodies broken, and answers the client gave up on", async () => {
    proxy.setPlan({
      rules: [
        { kind: "resetResponse", method: "POST", count: 1 },
        { kind: "truncate", method: "GET", url: /bytes/, count: 1 },
      ],
    });
    await rawRequest(`${proxy.endpoint}/bucket/key?uploads=`, { method: "POST", body: Buffer.from("x") });
    await rawRequest(`${proxy.endpoint}/bytes/1000`);
    expect((await rawRequest(`${proxy.endpoint}/slow/400`, { timeoutMs: 100 })).error).toBe("TIMEOUT");
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(upstream.received).toEqual(["POST /bucket/key?uploads=", "GET /bytes/1000", "GET /slow/400"]);
    expect(proxy.stats).toMatchObject({
      answersCut: { CreateMultipartUpload: 1, GetObject: 1 },
      bodiesBroken: { GetObject: 1 },
      answersAbandoned: { GetObject: 1 },
    });
    expect(proxy.stats.bodiesBroken.CreateMultipartUpload).toBeUndefined(); // a 1-byte answer is cut before any of it
  });

  it("matches rules by method and path, counts only what it injected, and passes body faults over bodiless replies", async () => {
    proxy.setPlan({
      rules: [
        { kind: "status500", count: 5, method: "DELETE", url: /^\/doomed\// },
        { kind: "truncate", count: 1 },
      ],
    });
    expect((await rawRequest(`${proxy.endpoint}/doomed/a`, { method: "DELETE" })).status).toBe(500);
    expect((await rawRequest(`${proxy.endpoint}/spared/a`, { method: "HEAD" })).error).toBeUndefined();
    expect((await rawRequest(`${proxy.endpoint}/spared/b`, { method: "DELETE" })).status).toBe(200);
    expect(proxy.stats).toMatchObject({ requests: 3, notApplicable: 1 });
    expect(proxy.totalInjected).toBe(1);
  });

  it("faults about the planned share of requests, reproducibly for a seed", async () => {
    const run = async (): Promise<number[]> => {
      proxy.setPlan({ seed: 42, rules: [{ kind: "status503", probability: 0.25 }] });
      const statuses: number[] = [];
      for (let i = 0; i < 200; i++) statuses.push((await rawRequest(`${proxy.endpoint}/bytes/1`)).status ?? 0);
      return statuses;
    };
    const first = await run();
    const faulted = first.filter((status) => status === 503).length;
    expect(faulted).toBeGreaterThan(25);
    expect(faulted).toBeLessThan(80);
    expect(await run()).toEqual(first);
  });
});

describe("fault proxy in front of the S3 server", () => {
  it("passes a raw request through to RGW and back", async () => {
    const { endpoint } = await readS3Env();
    const proxy = await FaultProxy.start(endpoint);
    try {
      const direct = await rawRequest(`${endpoint}/`);
      const proxied = await rawRequest(`${proxy.endpoint}/`);
      expect(direct.status).toBe(200);
      expect(proxied.status).toBe(direct.status);
      expect(proxied.body.toString()).toContain("ListAllMyBucketsResult");
      proxy.setPlan({ rules: [{ kind: "status503", count: 1 }] });
      expect((await rawRequest(`${proxy.endpoint}/`)).status).toBe(503);
    } finally {
      await proxy.close();
    }
  });
});
