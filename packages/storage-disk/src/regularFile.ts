import fs, { type BigIntStats, constants, createReadStream } from "node:fs";
import type { Readable } from "node:stream";

/*
 * Serving a small file is a handful of system calls, and handing each to libuv's thread pool and back
 * costs more than the call itself: with a FileHandle, two fstats, and async realpath and stats, a cached
 * thumbnail cost more than twice what a bare node:http + createReadStream server pays (bench
 * server/preview). So a plain descriptor with Node's callback API, and metadata-only calls (the key's
 * realpath in paths.ts, fstat of an open descriptor, the sidecar's and the name's stat) run synchronously:
 * on a local file system they take microseconds from the dentry and inode caches, and they open nothing,
 * so a FIFO cannot block them. (On a network file system each may wait for a round trip: DiskType is meant
 * for local disks.) Opening and reading stay asynchronous.
 */

/** A regular file opened for reading, with its stats from the same descriptor. */
export class RegularFile {
  private closed = false;
  private stream: Readable | undefined;

  private constructor(
    private readonly fd: number,
    readonly path: string,
    readonly stats: BigIntStats,
  ) {}

  /**
   * Opens a file for reading without ever blocking: O_NONBLOCK makes opening a FIFO return at once (where
   * a plain open waits for a writer, holding one of libuv's four threads), and anything but a regular file
   * is then refused with an ENOENT-like error, as if it were not there. Regular files ignore O_NONBLOCK.
   */
  static async open(file: string): Promise<RegularFile> {
    const fd = await new Promise<number>((resolve, reject) =>
      fs.open(file, constants.O_RDONLY | constants.O_NONBLOCK, (error, opened) => (error ? reject(error) : resolve(opened))),
    );
    let stats: BigIntStats | undefined;
    try {
      stats = fs.fstatSync(fd, { bigint: true });
    } finally {
      if (!stats?.isFile()) await closeFd(fd);
    }
    if (!stats.isFile()) throw Object.assign(new Error("not a regular file"), { code: "ENOENT", syscall: "open" });
    return new RegularFile(fd, file, stats);
  }

  /**
   * The bytes from `start` to `end` (inclusive); the stream owns the descriptor from then on and closes it.
   * Once only, and not after `close()`: the descriptor's number may belong to another file by then.
   */
  createReadStream(start: number, end: number): Readable {
    if (this.closed || this.stream) throw new Error(`${this.path}: ${this.closed ? "closed" : "already streamed"}; open it again to read it`);
    this.stream = createReadStream(this.path, { fd: this.fd, start, end, autoClose: true });
    return this.stream;
  }

  /** The whole file as text. */
  readText(): Promise<string> {
    return new Promise((resolve, reject) => fs.readFile(this.fd, "utf8", (error, text) => (error ? reject(error) : resolve(text))));
  }

  /** Releases the descriptor (ending the stream, if one was taken and not read to its end). Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.stream) this.stream.destroy();
    else await closeFd(this.fd);
  }
}

/** A path's stats (following links), or undefined when it cannot be stat'ed; synchronous (see above). */
export function statQuietly(file: string): BigIntStats | undefined {
  try {
    return fs.statSync(file, { bigint: true, throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES, ELOOP...
  }
}

function closeFd(fd: number): Promise<void> {
  return new Promise((resolve) => fs.close(fd, () => resolve()));
}

/** Opens a regular file for reading (see RegularFile.open). */
export function openRegularFile(file: string): Promise<RegularFile> {
  return RegularFile.open(file);
}

/** A regular file's text (see RegularFile.open). */
export async function readRegularFile(file: string): Promise<string> {
  const opened = await RegularFile.open(file);
  try {
    return await opened.readText();
  } finally {
    await opened.close();
  }
}
