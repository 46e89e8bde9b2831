import { performance } from "node:perf_hooks";
import { Readable } from "node:stream";
import type { GetObjectCommandOutput } from "@aws-sdk/client-s3";
import { linkedAbort } from "./abort";
import { LinkMeter } from "./linkMeter";
import { RangeWindow, shortRange } from "./rangeWindow";
import { classifyS3Error } from "./classifyError";
import type { Connection } from "./S3Connection";
import { type RangeRequest, getRange, resumableBody } from "./rangedGet";

export interface ReadAheadOptions {
  rangeSize: number;
  /** Ranges in flight or held in memory at most, the one being read included. */
  window: number;
  attempts: number;
}

/**
 * `download` / `downloadStream` of an object (or range) larger than one range: one ordered stream. The
 * first answer, which asked for all of it, is read on its connection for as long as one connection keeps
 * up (LinkMeter). Once it proves too slow, that answer is read one range further and then let go, and the
 * rest comes as ranged GETs in parallel (RangeWindow), started at once so that they overlap that last
 * range. Every range is pinned by the first answer's ETag and continued from its last byte if it breaks.
 */
export function readAheadBody(
  connection: Connection,
  request: RangeRequest & { end: number },
  first: GetObjectCommandOutput,
  options: ReadAheadOptions,
): Readable {
  return new ReadAheadBody(connection, request, first, options);
}

class ReadAheadBody extends Readable {
  private readonly controller: AbortController;
  private readonly dispose: () => void;
  private readonly base: RangeRequest & { end: number };
  private readonly meter = new LinkMeter();
  /** The first answer's body, until it is read to `last`. */
  private head: Readable | undefined;
  private position: number;
  private last: number;
  /** When the reader became ready for more of `head` (undefined while it is not: backpressure). */
  private readySince: number | undefined;
  private ahead: RangeWindow | undefined;
  private wanted = false;

  constructor(
    private readonly connection: Connection,
    request: RangeRequest & { end: number },
    first: GetObjectCommandOutput,
    private readonly options: ReadAheadOptions,
  ) {
    super();
    ({ controller: this.controller, dispose: this.dispose } = linkedAbort(request.signal, options.window));
    this.base = { ...request, etag: first.ETag, signal: this.controller.signal };
    this.position = request.start;
    this.last = request.end;
    const head = resumableBody(connection, this.base, first, options.attempts).body;
    this.head = head;
    head.on("data", (chunk: Buffer) => this.fromHead(head, chunk));
    head.once("end", () => this.headDone(head));
    head.once("error", (error) => this.head === head && this.destroy(error));
  }

  override _read(): void {
    if (this.head) {
      this.readySince ??= performance.now();
      this.head.resume();
    } else {
      this.wanted = true;
      this.pump();
    }
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.head?.destroy();
    this.head = undefined;
    this.controller.abort();
    this.dispose();
    callback(error);
  }

  private fromHead(head: Readable, data: Buffer): void {
    if (this.head !== head) return;
    const chunk = data.subarray(0, this.last + 1 - this.position);
    this.position += chunk.length;
    const now = performance.now();
    if (!this.ahead && this.options.window > 1 && this.meter.oneConnectionTooSlow(chunk.length, now - (this.readySince ?? now))) this.goParallel();
    const more = this.push(chunk);
    this.readySince = more ? performance.now() : undefined;
    if (this.position > this.last) this.headDone(head);
    else if (!more) head.pause();
  }

  /** Reads the head one range further, and starts the ranges after it now, so that they overlap it. */
  private goParallel(): void {
    this.last = Math.min(this.base.end, this.position + this.options.rangeSize - 1);
    if (this.last === this.base.end) return;
    const open = async (start: number, end: number): Promise<Readable> => {
      const range = { ...this.base, start, end };
      try {
        return resumableBody(this.connection, range, await getRange(this.connection, range), this.options.attempts).body;
      } catch (error) {
        // 416: the first answer's length promised bytes from `start` on, and this version (If-Match) has none.
        throw classifyS3Error(error) === "E_INVALID_ARGUMENT" ? shortRange(start, this.base.end) : error;
      }
    };
    this.ahead = new RangeWindow(open, this.last + 1, this.base.end, this.options.rangeSize, this.options.window - 1, () => this.pump());
  }

  private headDone(head: Readable): void {
    if (this.head !== head) return;
    this.head = undefined;
    // The first answer's length promised more than the object holds, and the ranges after it asked for bytes that are not there.
    if (this.ahead && this.position <= this.last) return void this.destroy(shortRange(this.position, this.base.end));
    // Let go before its end (the switch to ranges) this closes its connection; read to its end, its socket is kept (see resumingBody).
    head.destroy();
    if (!this.ahead) return void this.push(null);
    this.ahead.widen(this.options.window);
    this.wanted = true;
    this.pump();
  }

  private pump(): void {
    if (!this.wanted || !this.ahead || this.destroyed) return;
    try {
      for (let bytes = this.ahead.take(); bytes !== undefined; bytes = this.ahead.take()) {
        if (bytes === null) return void this.push(null);
        this.wanted = this.push(bytes);
        if (!this.wanted) return;
      }
    } catch (error) {
      this.destroy(error as Error);
    }
  }
}
