import { setMaxListeners } from "node:events";
import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { linkedAbort } from "./abort";
import type { Connection } from "./S3Connection";
import { type RangeRequest, getRange, resumableBody } from "./rangedGet";

export interface ReadAheadOptions {
  rangeSize: number;
  /** Ranges held in memory at most while they wait for the reader (the window of parallel GETs). */
  window: number;
  attempts: number;
}

/**
 * A link this fast on one connection gains little from more (loopback, the same region): the rest is
 * one more GET, and no memory goes to read-ahead. Below it (a long or capped path), ranges run in parallel.
 */
const ONE_CONNECTION_IS_ENOUGH = 64 * 1024 * 1024;

/**
 * `downloadStream` of an object larger than one range: one ordered stream, fed by ranged GETs. The first
 * range (already answered) is passed on as it arrives, and timed. If it came fast, the rest is one more
 * GET; else the rest comes `window` ranges at a time in parallel, each held in memory until the reader
 * reaches it (at most `window x rangeSize` bytes), in order. Every range is pinned by the first answer's
 * ETag and continued from its last byte if it breaks.
 */
export function readAheadBody(
  connection: Connection,
  request: RangeRequest & { end: number },
  first: GetObjectCommandOutput,
  firstEnd: number,
  options: ReadAheadOptions,
): Readable {
  const etag = first.ETag;
  const { controller, dispose } = linkedAbort(request.signal);
  setMaxListeners(4 * options.window + 10, controller.signal);
  const base = { ...request, etag, signal: controller.signal };
  async function* ordered(): AsyncGenerator<Buffer> {
    try {
      const started = performance.now();
      yield* bodyOf({ ...base, end: firstEnd }, first);
      const bytesPerSecond = (firstEnd + 1 - request.start) / ((performance.now() - started) / 1000);
      if (firstEnd === request.end) return;
      if (bytesPerSecond >= ONE_CONNECTION_IS_ENOUGH) {
        const rest = { ...base, start: firstEnd + 1 };
        yield* bodyOf(rest, await getRange(connection, rest));
        return;
      }
      yield* parallelRanges(firstEnd + 1);
    } finally {
      controller.abort();
      dispose();
    }
  }
  async function* bodyOf(range: RangeRequest, output: GetObjectCommandOutput): AsyncGenerator<Buffer> {
    for await (const chunk of resumableBody(connection, range, output, options.attempts).body) yield chunk as Buffer;
  }
  async function* parallelRanges(from: number): AsyncGenerator<Buffer> {
    const starts: number[] = [];
    for (let start = from; start <= request.end; start += options.rangeSize) starts.push(start);
    const fetched: Array<Promise<Buffer[]>> = [];
    const fetch = (index: number): void => {
      const start = starts[index] as number;
      const range = { ...base, start, end: Math.min(request.end, start + options.rangeSize - 1) };
      const chunks = (async () => {
        const all: Buffer[] = [];
        for await (const chunk of bodyOf(range, await getRange(connection, range))) all.push(chunk);
        return all;
      })();
      chunks.catch(() => undefined); // seen when its turn comes
      fetched[index] = chunks;
    };
    for (let index = 0; index < Math.min(options.window, starts.length); index++) fetch(index);
    for (let index = 0; index < starts.length; index++) {
      const chunks = await (fetched[index] as Promise<Buffer[]>);
      fetched[index] = Promise.resolve([]);
      if (index + options.window < starts.length) fetch(index + options.window);
      yield* chunks;
    }
  }
  return Readable.from(ordered(), { objectMode: false });
}
