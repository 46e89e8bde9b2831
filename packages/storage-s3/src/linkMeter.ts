/**
 * A link this fast on one connection gains little from more (loopback, the same region): below it, ranges
 * in parallel pay. Half of it in one window, or below it in two windows in a row (a long or capped path),
 * and one connection is not enough.
 */
const ONE_CONNECTION_IS_ENOUGH = 64 * 1024 * 1024;
/** A window is at least this long and this many bytes: short enough to decide within a tenth of a second at 25 MiB/s, long enough that one pause of a busy machine does not decide. */
const WINDOW_MS = 50;
const WINDOW_BYTES = 1024 * 1024;

/**
 * Whether one connection keeps up, judged on the time spent waiting for the network only: it is told of
 * each chunk and of the milliseconds the reader waited for it (`waitedMs`). A slow reader (backpressure) leaves
 * the bytes waiting in the socket, which reads as a fast link: it is the reader's pace, not the link's,
 * and reading ahead would not help it.
 */
export class LinkMeter {
  private bytes = 0;
  private ms = 0;
  private slowWindows = 0;

  /** True once one connection has proved too slow. */
  oneConnectionTooSlow(bytes: number, waitedMs: number): boolean {
    this.bytes += bytes;
    this.ms += waitedMs;
    if (this.bytes < WINDOW_BYTES || this.ms < WINDOW_MS) return false;
    const bytesPerSecond = this.bytes / (this.ms / 1000);
    if (bytesPerSecond < ONE_CONNECTION_IS_ENOUGH / 2) this.slowWindows = 2;
    else this.slowWindows = bytesPerSecond < ONE_CONNECTION_IS_ENOUGH ? this.slowWindows + 1 : 0;
    this.bytes = 0;
    this.ms = 0;
    return this.slowWindows >= 2;
  }
}
