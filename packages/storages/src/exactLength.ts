import { Readable } from "node:stream";
import { StorageError } from "./errors";

/**
 * Passes on an upload's source: its chunks must be bytes (or strings), and, when `size` is given, it must
 * hold exactly `size` bytes, failing when it holds fewer or more. The chunk that completes `size` is
 * handed over only once the source is known to end there: an upload whose request body completes is
 * committed by the server, so a longer source must fail the body before that. Destroying this stream
 * destroys the source.
 */
export function exactLength(source: Readable, size: number | undefined): Readable {
  return new ExactLengthStream(source, size);
}

class ExactLengthStream extends Readable {
  private readonly chunks: AsyncIterator<unknown>;
  private received = 0;
  private reading = false;

  constructor(
    private readonly source: Readable,
    private readonly size: number | undefined,
  ) {
    super();
    this.chunks = source[Symbol.asyncIterator]();
  }

  override _read(): void {
    if (this.reading) return;
    this.reading = true;
    this.pump().then(
      () => (this.reading = false),
      (error: unknown) => this.destroy(error as Error),
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.source.destroy();
    callback(error);
  }

  /** Pushes chunks until the consumer has enough (push returns false) or the source ends. */
  private async pump(): Promise<void> {
    for (;;) {
      const chunk = await this.next();
      if (chunk === undefined) {
        if (this.size !== undefined && this.received !== this.size)
          throw mismatch(`the stream ended after ${this.received} of the announced ${this.size} bytes`);
        this.push(null);
        return;
      }
      this.received += chunk.length;
      if (this.size !== undefined) {
        if (this.received > this.size) throw mismatch(`the stream holds more than the announced ${this.size} bytes`);
        if (this.received === this.size && (await this.next()) !== undefined) throw mismatch(`the stream holds more than the announced ${this.size} bytes`);
      }
      if (!this.push(chunk)) return;
    }
  }

  /** The next non-empty chunk, or undefined at the end of the source. */
  private async next(): Promise<Buffer | undefined> {
    for (;;) {
      const { value, done } = await this.chunks.next();
      if (done) return undefined;
      const chunk = toBytes(value);
      if (chunk.length > 0) return chunk;
    }
  }
}

function mismatch(detail: string): StorageError {
  return new StorageError("E_CHECKSUM_MISMATCH", detail);
}

function toBytes(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  if (value instanceof Uint8Array) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (typeof value === "string") return Buffer.from(value, "utf8");
  throw new StorageError("E_INVALID_ARGUMENT", `a stream to upload must yield bytes or strings, not ${value === null ? "null" : typeof value}`);
}
