import { lstat, rename, rmdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { type ByteRange, type ObjectInfo, StorageError, type UploadBody, type Visibility, contentTypeFor } from "@elemental/storages";
import { removeQuietly, syncDir, writeTemp } from "./atomicWrite";
import { isErrno, noSuchObject } from "./fsErrors";
import { NamedLock } from "./lock";
import { type RegularFile, openRegularFile } from "./regularFile";
import type { DiskPaths, Location } from "./paths";
import { derivedEtag, descriptionOf, infoOf, readConsistently, readSidecar, replacing, sidecarFor } from "./sidecar";
import { type Details, ObjectWriter } from "./writer";

/** An object opened for reading: its info and its bytes come from the same open file. */
export interface OpenedObject {
  info: ObjectInfo;
  visibility: Visibility;
  /** The bytes, whole or an inclusive range already checked against the size; owns the file from then on. */
  stream(range?: { start: number; end: number }): Readable;
  /** Releases the file, ending the stream if one was taken and not read to its end. */
  close(): Promise<void>;
}

/**
 * The objects of one disk storage: data files at their keys' paths, with a sidecar of metadata when
 * there is more to record than the file alone says. Writes are ObjectWriter's; reads, deletes, copies
 * and moves take the same per-key lock, so within one process they never see a write half done.
 */
export class DiskObjects {
  /** The per-key lock every read and write of a data-and-sidecar pair holds. */
  readonly lock = new NamedLock();
  private readonly writer: ObjectWriter;

  constructor(
    private readonly paths: DiskPaths,
    syncFolder: boolean,
  ) {
    this.writer = new ObjectWriter(paths, this.lock, syncFolder);
  }

  store(key: string, body: UploadBody, details: Details, signal?: AbortSignal): Promise<{ etag: string; size: number }> {
    return this.writer.store(key, body, details, signal);
  }

  async stat(key: string): Promise<ObjectInfo> {
    const { stats, sidecar } = await this.described(key);
    return infoOf(key, stats, sidecar);
  }

  /** Public or private, as the object's sidecar says (none: private). */
  async visibility(key: string): Promise<Visibility> {
    return (await this.described(key)).sidecar?.visibility ?? "private";
  }

  /** The file's stats and its sidecar, read so that they describe the same version. */
  private async described(key: string) {
    const location = await this.paths.existing(key);
    const read = await readConsistently(
      location,
      async () => ({ stats: await stat(location.file, { bigint: true }), value: undefined }),
      async () => undefined,
      (task) => this.lock.run(location.file, task),
    );
    if (!read.stats.isFile()) throw noSuchObject();
    return read;
  }

  /** The bytes only (no sidecar read), whole or a range; what download and downloadStream use. */
  async read(key: string, range: ByteRange | undefined): Promise<{ body: Readable; contentLength: number }> {
    const location = await this.paths.existing(key);
    const handle = await openRegularFile(location.file);
    try {
      const size = Number(handle.stats.size);
      const start = range?.start ?? 0;
      if (range && start >= size && size > 0) {
        throw new StorageError("E_INVALID_ARGUMENT", `the range starts at ${start}, past the end of ${size} bytes`);
      }
      const end = Math.min(range?.end ?? size - 1, size - 1);
      return { body: streamOf(handle, start, end), contentLength: Math.max(0, end - start + 1) };
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Opens an object with the info that describes exactly the bytes that will be read (for serving). */
  async open(key: string): Promise<OpenedObject> {
    const location = await this.paths.existing(key);
    const {
      stats,
      value: handle,
      sidecar,
    } = await readConsistently(
      location,
      async () => {
        const opened = await openRegularFile(location.file);
        return { stats: opened.stats, value: opened };
      },
      (opened) => opened.close(),
      (task) => this.lock.run(location.file, task),
    );
    return {
      info: infoOf(key, stats, sidecar),
      visibility: sidecar?.visibility ?? "private",
      stream: (range) => streamOf(handle, range?.start ?? 0, range?.end ?? Number(stats.size) - 1),
      close: () => handle.close(), // ends the stream too, if it was never read to its end
    };
  }

  async remove(key: string): Promise<void> {
    const location = await this.paths.target(key, false);
    if (!location) return;
    await this.lock.run(location.file, async () => {
      const kind = await lstat(location.file).catch(() => undefined);
      if (kind?.isDirectory()) return; // a folder of other keys, not an object
      await unlinkIfPresent(location.file);
      await unlinkIfPresent(location.sidecar);
    });
    await this.prune(location.dir);
  }

  async copy(from: string, to: string, signal?: AbortSignal): Promise<void> {
    const source = await this.open(from);
    try {
      const { info, visibility } = source;
      const body: UploadBody = { kind: "stream", stream: source.stream(), size: info.size };
      const { contentType, metadata, cacheControl, contentDisposition, contentEncoding, contentLanguage, expires } = info;
      const headers = { cacheControl, contentDisposition, contentEncoding, contentLanguage, expires: expires?.toISOString() };
      await this.store(to, body, { contentType, metadata, ...headers, visibility: visibility === "public" ? "public" : undefined }, signal);
    } finally {
      await source.close();
    }
  }

  /** A rename of the data and its sidecar; a copy and a delete when a rename cannot do it. */
  async move(from: string, to: string, signal?: AbortSignal): Promise<void> {
    const source = await this.paths.target(from, false);
    const kind = source && (await lstat(source.file).catch(() => undefined));
    if (!source || !kind || kind.isDirectory()) throw noSuchObject();
    if (from === to) return;
    const target = kind.isFile() ? await this.paths.target(to, true) : undefined;
    if (!target) return this.copyThenRemove(from, to, signal); // a link: its key gets a copy, the link goes
    try {
      await this.lock.runAll([source.file, target.file], () => this.renamePair(source, target, contentTypeFor(from), contentTypeFor(to)));
    } catch (error) {
      if (isErrno(error, "EXDEV")) return this.copyThenRemove(from, to, signal);
      throw error;
    }
    await syncDir(target.dir);
    if (source.dir !== target.dir) await syncDir(source.dir);
    await this.prune(source.dir);
  }

  /** `sourceType` and `targetType`: the content types the two keys' extensions imply. */
  private async renamePair(source: Location, target: Location, sourceType: string, targetType: string): Promise<void> {
    const replaced = await this.writer.replaceable(target);
    const stats = await stat(source.file, { bigint: true });
    const sidecar = descriptionOf(await readSidecar(source.sidecar), stats);
    // The target gets its sidecar first (as in a write); the source keeps its own until its data is gone.
    // A file without one that changes extension gets one, so that it keeps the content type it had.
    const needed = sidecar ?? (sourceType === targetType ? undefined : sidecarFor({ contentType: sourceType, etag: derivedEtag(stats), metadata: {} }, stats));
    if (needed) {
      const previous = replaced?.isFile() ? descriptionOf(await readSidecar(target.sidecar), replaced) : undefined;
      const bytes = Buffer.from(JSON.stringify(replacing(needed, previous)));
      const temp = (await writeTemp(target.dir, { kind: "bytes", bytes, size: bytes.length })).path;
      try {
        await rename(temp, target.sidecar);
      } catch (error) {
        await removeQuietly(temp);
        throw error;
      }
    }
    await rename(source.file, target.file);
    if (!needed) await removeQuietly(target.sidecar); // the replaced object's, removed after its data (as in a write)
    await unlinkIfPresent(source.sidecar);
  }

  private async copyThenRemove(from: string, to: string, signal?: AbortSignal): Promise<void> {
    await this.copy(from, to, signal);
    await this.remove(from);
  }

  /** Removes the folders a delete left empty, up to (not including) the root. */
  private async prune(dir: string): Promise<void> {
    const root = await this.paths.realRoot(false).catch(() => undefined);
    if (root === undefined) return;
    for (let current = dir; current !== root && this.paths.contains(root, current); current = path.dirname(current)) {
      try {
        await rmdir(current);
      } catch {
        return; // not empty (or gone): the folders above are not empty either
      }
    }
  }
}

function streamOf(handle: RegularFile, start: number, end: number): Readable {
  if (end < start) {
    void handle.close();
    return Readable.from([]);
  }
  return handle.createReadStream(start, end);
}

async function unlinkIfPresent(file: string): Promise<void> {
  await unlink(file).catch((error: unknown) => {
    if (!isErrno(error, "ENOENT", "ENOTDIR")) throw error;
  });
}
