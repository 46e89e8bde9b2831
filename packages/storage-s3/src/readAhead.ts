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
 * A link this fast on one connection gains little from more (loopback, the same region): the stream stays
 * on one connection while it keeps up. One range's worth below half of it, or two in a row below it (a
 * long or capped path), and the rest comes as ranges in parallel. Two windows, not one, so that a pause of
 * a busy machine does not spend memory on read-ahead.
 */
const ONE_CONNECTION_IS_ENOUGH = 64 * 1024 * 1024;
const SLOW_WINDOWS = 2;

/**
 * `downloadStream` of an object larger than one range: one ordered stream. The first range (already
 * answered) and then the rest are read on one connection, timed every `rangeSize` bytes; once one such
 * window comes slower than 32 MiB/s, or two in a row slower than 64 MiB/s, the rest is fetched as ranged
 * GETs in parallel, `window` at a
 * time, each held in memory until the reader reaches it (at most about `window x rangeSize` bytes ahead), in
 * order. Every range is pinned by the first answer's ETag and continued from its last byte if it breaks.
 */
export function readAheadBody(
  connection: Connection,
  request: RangeRequest & { end: number },
  first: GetObjectCommandOutput,
  firstEnd: number,
  options: ReadAheadOptions,
): Readable {
  const { controller, dispose } = linkedAbort(request.signal);
  setMaxListeners(4 * options.window + 10, controller.signal);
  const base = { ...request, etag: first.ETag, signal: controller.signal };
  let position = request.start;
  let slowWindows = 0;
  let windowStarted = performance.now();
  let windowBytes = 0;
  const observe = (bytes: number): void => {
    position += bytes;
    windowBytes += bytes;
    if (windowBytes < options.rangeSize) return;
    const now = performance.now();
    const bytesPerSecond = windowBytes / ((now - windowStarted) / 1000);
    if (bytesPerSecond < ONE_CONNECTION_IS_ENOUGH / 2) slowWindows = SLOW_WINDOWS;
    else slowWindows = bytesPerSecond < ONE_CONNECTION_IS_ENOUGH ? slowWindows + 1 : 0;
    windowBytes = 0;
    windowStarted = now;
  };
  async function* ordered(): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of bodyOf({ ...base, end: firstEnd }, first)) {
        observe(chunk.length);
        yield chunk;
      }
      if (position <= request.end && slowWindows < SLOW_WINDOWS) {
        const rest = { ...base, start: position };
        for await (const chunk of bodyOf(rest, await getRange(connection, rest))) {
          observe(chunk.length);
          yield chunk;
          if (slowWindows >= SLOW_WINDOWS) break;
        }
      }
      if (position <= request.end) yield* parallelRanges(position);
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
