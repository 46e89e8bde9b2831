import { Readable } from "node:stream";

export interface ResumeOptions {
  /** The absolute offset of the body's first byte and of its last byte (inclusive). */
  start: number;
  end: number;
  /** Opens the same version's bytes from `offset` to `end` (a ranged GET pinned by If-Match); null when the version has none: it ends at `offset`. */
  reopen: (offset: number) => Promise<Readable | null>;
  /** Breaks in a row without a byte received in between before the body fails with the last break. */
  attempts: number;
  signal: AbortSignal | undefined;
}

/**
 * A GET body that survives breaks: when the response body fails mid-way (reset, cut short, a socket that
 * stalls past its timeout), the rest is asked for again from the last byte received, and the reader sees
 * one whole stream. The SDK retries requests but never a body it has already handed out; without this a
 * broken body fails the whole download and the caller starts again from byte 0.
 */
export function resumingBody(first: Readable, options: ResumeOptions): Readable {
  return new ResumingBody(first, options);
}

class ResumingBody extends Readable {
  private body: Readable | undefined;
  private position: number;
  private breaks = 0;

  constructor(
    first: Readable,
    private readonly options: ResumeOptions,
  ) {
    super();
    this.position = options.start;
    this.attach(first);
  }

  override _read(): void {
    this.body?.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.body?.destroy();
    this.body = undefined;
    callback(error);
  }

  private attach(body: Readable): void {
    this.body = body;
    body.on("data", (data: Buffer) => {
      if (this.body !== body) return;
      // Never a byte past the range, whatever the server sends.
      const chunk = data.subarray(0, this.options.end + 1 - this.position);
      this.position += chunk.length;
      if (chunk.length > 0) this.breaks = 0;
      // Let go of the answer before the last chunk is pushed: a reader that destroys this stream on it
      // (the read-ahead does) must not destroy the answer, which ends by itself now and hands its keep-alive
      // socket back to the pool (a destroyed one closes the connection, and the next request pays a new one).
      const complete = this.position === this.options.end + 1;
      if (complete) this.body = undefined;
      const more = this.push(chunk);
      if (complete) this.push(null);
      else if (!more) body.pause();
    });
    body.once("end", () => {
      if (this.body !== body) return;
      if (this.position === this.options.end + 1) this.push(null);
      else this.broken(body, new Error(`the body ended at byte ${this.position} of ${this.options.end + 1}`));
    });
    body.once("error", (error) => {
      if (this.body === body) this.broken(body, error);
    });
  }

  private broken(body: Readable, error: Error): void {
    this.body = undefined;
    body.destroy();
    const { signal, attempts, reopen } = this.options;
    // An abort (or a reader that stopped) is not a break: nothing is asked for again.
    if (this.destroyed || signal?.aborted || error.name === "AbortError" || ++this.breaks > attempts) {
      this.destroy(error);
      return;
    }
    reopen(this.position).then(
      (next) => {
        if (this.destroyed) next?.destroy();
        else if (next === null) this.push(null);
        else this.attach(next);
      },
      (reopenError: unknown) => this.destroy(reopenError as Error),
    );
  }
}
