import { performance } from "node:perf_hooks";
import { patternBytes, rawRequest, startEchoServer } from "./support/rawHttp";
import { ShapingProxy } from "./support/shapingProxy";

const MiB = 1024 * 1024;

// The WAN profile of the bench and the WAN tests rest on this proxy: each claim is checked against a
// plain HTTP server. Times are lower bounds (what the cap and the latency must cost at least) plus one
// loose upper bound that tells a per-connection cap from a shared one.
describe("shaping proxy", () => {
  let upstream: Awaited<ReturnType<typeof startEchoServer>>;
  let proxy: ShapingProxy;

  beforeAll(async () => {
    upstream = await startEchoServer();
    proxy = await ShapingProxy.start(upstream.url);
  });
  afterAll(async () => {
    await proxy.close();
    await upstream.close();
  });

  async function timed<T>(action: () => Promise<T>): Promise<{ result: T; ms: number }> {
    const started = performance.now();
    const result = await action();
    return { result, ms: performance.now() - started };
  }

  it("caps an upload and a download at the rate, each way, without holding more than its bound", async () => {
    proxy.setShaping({ bytesPerSecond: 8 * MiB });
    const body = patternBytes(4 * MiB);
    const up = await timed(() => rawRequest(`${proxy.endpoint}/echo`, { method: "PUT", body, timeoutMs: 20_000 }));
    expect(up.result.error).toBeUndefined();
    expect(up.result.body.equals(body)).toBe(true);
    // 4 MiB up, then (the echo server answers once the body is in) the same 4 MiB down: 0.5 s each.
    expect(up.ms).toBeGreaterThanOrEqual(1000);
    const down = await timed(() => rawRequest(`${proxy.endpoint}/bytes/${4 * MiB}`, { timeoutMs: 20_000 }));
    expect(down.result.body.equals(body)).toBe(true);
    expect(down.ms).toBeGreaterThanOrEqual(500);
    // The client wrote 4 MiB at loopback speed: without pausing it, the proxy would have held most of it.
    expect(proxy.stats.maxQueuedBytes).toBeLessThanOrEqual(MiB + 64 * 1024);
    expect(proxy.stats.bytesUp).toBeGreaterThan(4 * MiB);
    expect(proxy.stats.bytesDown).toBeGreaterThan(8 * MiB);
  });

  it("caps each connection on its own: two at once take about as long as one", async () => {
    proxy.setShaping({ bytesPerSecond: 4 * MiB });
    const one = (): Promise<unknown> => rawRequest(`${proxy.endpoint}/bytes/${4 * MiB}`, { timeoutMs: 20_000 });
    const both = await timed(() => Promise.all([one(), one()]));
    expect(both.ms).toBeGreaterThanOrEqual(1000);
    expect(both.ms).toBeLessThan(1800);
  });

  it("adds the latency each way, and a round trip for a new connection", async () => {
    proxy.setShaping({ latencyMs: 60 });
    const connectionsBefore = proxy.stats.connections;
    // A fresh connection: handshake (2 x 60 ms), the request (60 ms) and its answer (60 ms).
    const fresh = await timed(() => rawRequest(`${proxy.endpoint}/bytes/10`));
    expect(fresh.result.status).toBe(200);
    expect(fresh.ms).toBeGreaterThanOrEqual(4 * 60 - 2);
    expect(proxy.stats.connections).toBe(connectionsBefore + 1);
    proxy.setShaping({});
    const plain = await timed(() => rawRequest(`${proxy.endpoint}/bytes/10`));
    expect(plain.ms).toBeLessThan(100);
  });
});
