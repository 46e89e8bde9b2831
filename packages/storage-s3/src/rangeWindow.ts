import type { Readable } from "node:stream";
import { StorageError } from "@elemental/storages";

/** One range being fetched into a buffer of its size: bytes `[0, filled)` have arrived, `[0, handed)` are given out. */
interface Fetching {
  bytes: Buffer;
  filled: number;
  handed: number;
  done: boolean;
  error: unknown;
}

/**
 * Ranges `[from, end]` cut every `rangeSize` bytes, fetched `window` at a time into buffers of their size
 * and handed out in order: the first one's bytes as they arrive, the others once the reader reaches them,
 * each as one buffer (a reader writing to a file makes one call per range, not one per socket chunk).
 * Memory stays within `window x rangeSize`: `window` ranges are started at once, and another each time
 * one is used up. The requests are stopped by the signal the `open` function's caller aborts.
 */
export class RangeWindow {
  private readonly fetching: Fetching[] = [];
  private next: number;

  constructor(
    private readonly open: (start: number, end: number) => Promise<Readable>,
    from: number,
    private readonly end: number,
    private readonly rangeSize: number,
    private window: number,
    /** Called when bytes arrive or a range fails. */
    private readonly onChange: () => void,
  ) {
    this.next = from;
    this.fill();
  }

  /** Lets more ranges be in flight (never fewer than already are). */
  widen(window: number): void {
    this.window = Math.max(this.window, window);
    this.fill();
  }

  /** The next bytes in order; `undefined` while they are on their way, `null` at the end. Throws a range's failure when its turn comes. */
  take(): Buffer | null | undefined {
    for (;;) {
      const range = this.fetching[0];
      if (!range) return null;
      if (range.handed < range.filled) {
        const bytes = range.bytes.subarray(range.handed, range.filled);
        range.handed = range.filled;
        return bytes;
      }
      if (range.error !== undefined) throw range.error;
      if (!range.done) return undefined;
      this.fetching.shift();
      this.fill();
    }
  }

  private fill(): void {
    while (this.fetching.length < this.window && this.next <= this.end) {
      const start = this.next;
      const end = Math.min(this.end, start + this.rangeSize - 1);
      this.next = end + 1;
      this.fetching.push(this.fetch(start, end));
    }
  }

  private fetch(start: number, end: number): Fetching {
    const range: Fetching = { bytes: Buffer.allocUnsafe(end - start + 1), filled: 0, handed: 0, done: false, error: undefined };
    const failed = (error: unknown): void => {
      if (range.done || range.error !== undefined) return;
      range.error = error ?? new Error("a range failed");
      this.onChange();
    };
    this.open(start, end).then((body) => {
      body.on("data", (chunk: Buffer) => {
        range.filled += chunk.copy(range.bytes, range.filled);
        this.onChange();
      });
      body.once("end", () => {
        if (range.filled < range.bytes.length) return failed(shortRange(start + range.filled, end));
        range.done = true;
        this.onChange();
      });
      body.once("error", failed);
    }, failed);
    return range;
  }
}

/** The first answer's length promised bytes the object does not hold (a range ran short of them). */
export function shortRange(at: number, end: number): StorageError {
  return new StorageError("E_CHECKSUM_MISMATCH", `the answer named bytes up to ${end} but the object ends at byte ${at - 1}`);
}
