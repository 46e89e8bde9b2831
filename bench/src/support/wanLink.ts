import { ShapingProxy } from "@elemental/reliability/shapingProxy";
import type { Context } from "../harness/types";
import type { S3Env } from "./s3";

/**
 * The WAN profile's link: issue #14's figures, one TCP connection capped at 25 MiB/s each way with 10 ms
 * added each way (20 ms more per round trip), as a far region or a long home uplink looks to one
 * connection. Override with BENCH_WAN_MIBPS and BENCH_WAN_LATENCY_MS.
 */
export const WAN_SHAPING = {
  bytesPerSecond: Number(process.env.BENCH_WAN_MIBPS || 25) * 1024 * 1024,
  latencyMs: Number(process.env.BENCH_WAN_LATENCY_MS || 10),
};

export interface WanLink {
  /** The S3 environment seen through the link. */
  env: S3Env;
  /** The environment for child processes: S3_ENDPOINT is the link's. */
  childEnv: NodeJS.ProcessEnv;
  /** Bytes that went through the link towards S3 so far (request headers and bodies). */
  bytesUp(): number;
  close(): Promise<void>;
}

/** A shaping proxy in this process in front of the S3 endpoint. */
export async function startWanLink(context: Context, env: S3Env): Promise<WanLink> {
  const proxy = await ShapingProxy.start(env.endpoint, WAN_SHAPING);
  context.log(
    `WAN link: ${proxy.endpoint} -> ${env.endpoint}, ${WAN_SHAPING.bytesPerSecond / 1024 / 1024} MiB/s per connection each way, +${WAN_SHAPING.latencyMs} ms each way`,
  );
  return {
    env: { ...env, endpoint: proxy.endpoint },
    childEnv: { ...process.env, S3_ENDPOINT: proxy.endpoint },
    bytesUp: () => proxy.stats.bytesUp,
    close: () => proxy.close(),
  };
}
