import type { BigIntStats } from "node:fs";
import { lstat, rename, stat } from "node:fs/promises";
import { StorageError, type UploadBody } from "@elemental/storages";
import { type TempFile, removeQuietly, restamp, syncDir, writeTemp } from "./atomicWrite";
import { isErrno } from "./fsErrors";
import type { NamedLock } from "./lock";
import type { DiskPaths, Location } from "./paths";
import { type Description, derivedEtag, descriptionOf, needsSidecar, readSidecar, replacing, sidecarFor } from "./sidecar";

/** What an upload records beside its bytes. */
export type Details = Omit<Description, "etag">;

const folderInTheWay = (): StorageError =>
  new StorageError("E_PRECONDITION_FAILED", "the key is a folder of other keys on disk, so it cannot also be an object");

/**
 * Writes objects atomically. The bytes go to a hidden temporary file in the target's folder, which is
 * fsync'd and then renamed over the key's name, so a crash never leaves a partial object under it.
 *
 * An upload that records nothing beyond what its file says (the content type its key's extension
 * implies, no metadata, cacheControl or contentDisposition) gets no sidecar: its data is renamed over
 * the name, then the previous version's sidecar, if any, is removed. Another upload writes its sidecar
 * to a temporary file too (while the data is fsync'd), and renames it first, then the data. Either
 * way, a reader in another process (within this one, the per-key lock hides the gap) may for a moment
 * see, or a crash may leave:
 * - a new sidecar beside the old data: it carries the old data's description as `previous`.
 * - new data beside the old sidecar: the old sidecar does not describe it (their sizes or mtimes
 *   differ, see `restampWhileLike`), so the reader retries, then describes the new data alone.
 * - old data it opened, whose sidecar has gone since: the name no longer holds the file it opened
 *   (see readConsistently), so the reader retries.
 * Removing the old sidecar before the rename would show the old data without its metadata.
 */
export class ObjectWriter {
  constructor(
    private readonly paths: DiskPaths,
    private readonly lock: NamedLock,
    /** Fsync the folder after the rename, so that a returned write also survives a power loss. */
    private readonly syncFolder: boolean,
  ) {}

  async store(key: string, body: UploadBody, details: Details, signal?: AbortSignal): Promise<{ etag: string; size: number }> {
    const alone = !needsSidecar(key, details);
    let sidecarTemp: string | undefined;
    // Runs while the data is fsync'd: the checks, and the sidecar, written and fsync'd at the same time.
    const prepare = async (location: Location, temp: TempFile): Promise<void> => {
      if (body.size !== undefined && temp.stats.size !== BigInt(body.size)) {
        throw new StorageError("E_CHECKSUM_MISMATCH", `received ${temp.stats.size} bytes where ${body.size} were announced`);
      }
      const replaced = await this.replaceable(location);
      await restampWhileLike(temp, replaced);
      if (alone) return;
      // Renamed before the data, the new sidecar must go on describing the data it replaces (see Sidecar).
      const previous = replaced?.isFile() ? descriptionOf(await readSidecar(location.sidecar), replaced) : undefined;
      const bytes = Buffer.from(JSON.stringify(replacing(sidecarFor({ ...details, etag: derivedEtag(temp.stats) }, temp.stats), previous)));
      sidecarTemp = (await writeTemp(location.dir, { kind: "bytes", bytes, size: bytes.length }, signal)).path;
    };
    let written: { location: Location; temp: TempFile } | undefined;
    try {
      // Without a sidecar, the stamp need not be durable before the rename (see TempOptions).
      written = await this.writeBeside(key, body, signal, prepare, alone && !this.syncFolder);
      const { location, temp } = written;
      const commit = this.lock.run(location.file, async () => {
        signal?.throwIfAborted();
        if (sidecarTemp !== undefined) {
          await rename(sidecarTemp, location.sidecar);
          sidecarTemp = undefined;
        }
        await renameOver(temp.path, location, !alone);
        // A sidecar that stays (a failure here, a crash just before) describes nothing here: readers skip it.
        if (alone) await removeQuietly(location.sidecar);
      });
      await Promise.all([temp.close(), commit]);
      if (this.syncFolder) await syncDir(location.dir);
      return { etag: derivedEtag(temp.stats), size: Number(temp.stats.size) };
    } catch (error) {
      await written?.temp.close();
      await Promise.all([removeQuietly(written?.temp.path), removeQuietly(sidecarTemp)]);
      throw error;
    }
  }

  /**
   * What a write to `location` replaces, as a reader sees it (stat; undefined for nothing), after
   * making sure a rename may replace it: a folder of other keys may not be, nor a link out of the root.
   */
  async replaceable(location: Location): Promise<BigIntStats | undefined> {
    const existing = await lstat(location.file, { bigint: true }).catch(() => undefined);
    if (existing?.isDirectory()) throw folderInTheWay();
    if (!existing?.isSymbolicLink()) return existing;
    await this.paths.refuseEscapingLink(location.file);
    return stat(location.file, { bigint: true }).catch(() => undefined);
  }

  /** The data in a temporary file beside its name, fsync'd, with `prepare` run while the fsync goes on. */
  private async writeBeside(
    key: string,
    body: UploadBody,
    signal: AbortSignal | undefined,
    prepare: (location: Location, temp: TempFile) => Promise<void>,
    stampAlongsideSync: boolean,
  ): Promise<{ location: Location; temp: TempFile }> {
    for (let attempt = 1; ; attempt++) {
      const location = (await this.paths.target(key, true, false)) as Location; // replaceable checks the name
      try {
        const alongsideSync = (temp: TempFile): Promise<void> => prepare(location, temp);
        const temp = await writeTemp(location.dir, body, signal, { alongsideSync, leaveOpen: true, stampAlongsideSync });
        return { location, temp };
      } catch (error) {
        // A delete of the folder's last object may prune the folder between mkdir and open: make it again.
        const pruned = isErrno(error, "ENOENT") && (error as { syscall?: string }).syscall === "open";
        if (!pruned || attempt >= 3) throw error;
      }
    }
  }
}

/**
 * Gives `temp` a new mtime while it has the size and mtime of `replaced`, the data it replaces. A
 * sidecar beside the name describes that data (or an older version, stamped earlier), so it must not
 * pass for a description of the new data. It takes two processes stamping the same size in the same
 * millisecond with the same random microseconds (stamps within one process never repeat).
 */
async function restampWhileLike(temp: TempFile, replaced: BigIntStats | undefined): Promise<void> {
  while (replaced?.isFile() && replaced.size === temp.stats.size && replaced.mtimeNs === temp.stats.mtimeNs) {
    temp.stats = await restamp(temp.path);
  }
}

/** Renames the data over its name. A folder created there meanwhile is refused (and `ownSidecar` removed). */
async function renameOver(file: string, location: Location, ownSidecar: boolean): Promise<void> {
  try {
    await rename(file, location.file);
  } catch (error) {
    if (!isErrno(error, "EISDIR", "ENOTEMPTY", "EEXIST")) throw error;
    if (ownSidecar) await removeQuietly(location.sidecar);
    throw folderInTheWay();
  }
}
