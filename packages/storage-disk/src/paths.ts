import { realpathSync } from "node:fs";
import { lstat, mkdir, realpath } from "node:fs/promises";
import path from "node:path";
import { StorageError } from "@elemental/storages";
import { isErrno, noSuchObject } from "./fsErrors";
import { MAX_SEGMENT_BYTES, sidecarName, storedName } from "./names";

/** Where an object lives: its real (symlink-free) directory inside the root, and its stored file name. */
export interface Location {
  dir: string;
  name: string;
  file: string;
  sidecar: string;
}

function escapes(): StorageError {
  return new StorageError("E_ACCESS_DENIED", "the key leads through a symbolic link out of the storage's directory");
}

function locationOf(dir: string, name: string): Location {
  return { dir, name, file: path.join(dir, name), sidecar: path.join(dir, sidecarName(name)) };
}

/**
 * Maps keys (already checked by the key rules) to files under one root directory, and makes sure no
 * key reaches outside it: every path is resolved with realpath and must stay inside the root's real
 * path, so a symbolic link inside the root may point elsewhere inside it but never out of it.
 */
export class DiskPaths {
  private realRootPromise: Promise<string> | undefined;

  constructor(readonly rootDir: string) {}

  /** The stored file names of a key's segments; refuses segments too long for a file name. */
  segments(key: string): string[] {
    return key.split("/").map((segment) => {
      const stored = storedName(segment);
      if (Buffer.byteLength(stored) > MAX_SEGMENT_BYTES) {
        throw new StorageError("E_INVALID_KEY", `each "/"-separated part of a key may be at most ${MAX_SEGMENT_BYTES} UTF-8 bytes on disk`);
      }
      return stored;
    });
  }

  /** The root's real path, creating the root when asked to. */
  async realRoot(create: boolean): Promise<string> {
    if (this.realRootPromise) return this.realRootPromise;
    if (create) {
      await mkdir(this.rootDir, { recursive: true }).catch((cause: { code?: string }) => {
        // EEXIST from a recursive mkdir: the configured directory (or a parent) is a file.
        const code = cause.code === "EEXIST" || cause.code === "ENOTDIR" ? "E_INVALID_CONFIG" : undefined;
        throw code ? new StorageError(code, "the configured directory is not a folder", { cause }) : cause;
      });
    }
    const promise = realpath(this.rootDir);
    promise.then(() => (this.realRootPromise = promise)).catch(() => undefined);
    return promise;
  }

  contains(realRoot: string, real: string): boolean {
    return real === realRoot || real.startsWith(realRoot + path.sep);
  }

  /** An existing object's real location; throws E_NOT_FOUND when it does not exist. */
  async existing(key: string): Promise<Location> {
    const found = await this.resolve(this.segments(key));
    if (!found || found.real === found.root) throw noSuchObject(); // a link to the root is a folder
    return locationOf(path.dirname(found.real), path.basename(found.real));
  }

  /** A folder of keys (`a/b` for the prefix `a/b/`): its real path, or undefined when there is none. */
  async folder(segments: readonly string[]): Promise<string | undefined> {
    return (await this.resolve(segments))?.real;
  }

  /** The real path under the root of what `segments` name; undefined when there is nothing (or no root yet). */
  private async resolve(segments: readonly string[]): Promise<{ root: string; real: string } | undefined> {
    let root: string;
    let real: string;
    try {
      root = await this.realRoot(false);
      // Metadata only, opening nothing: synchronous, as regularFile.ts explains (the hot path of every read).
      real = realpathSync.native(path.join(root, ...segments));
    } catch (error) {
      if (isErrno(error, "ENOENT", "ENOTDIR")) return undefined; // ENOTDIR: a parent is a file
      throw error;
    }
    if (!this.contains(root, real)) throw escapes();
    return { root, real };
  }

  /**
   * Where a key is written or deleted: its directory resolved (and, with `create`, made) inside the
   * root. The final name is not followed: a symbolic link there is replaced or removed, not written
   * through, and refused when it points out of the root. Returns undefined when `create` is false
   * and the directory does not exist. `checkName: false` leaves that last check to the caller (a write
   * does it with `refuseEscapingLink` just before its rename, saving a system call).
   */
  async target(key: string, create: boolean, checkName = true): Promise<Location | undefined> {
    const segments = this.segments(key);
    const name = segments.pop() as string;
    const root = await this.realRoot(create).catch((error: unknown) => {
      if (!create && isErrno(error, "ENOENT")) return undefined;
      throw error;
    });
    if (root === undefined) return undefined;
    const dir = await this.directory(root, segments, create);
    if (dir === undefined) return undefined;
    const location = locationOf(dir, name);
    if (checkName && (await isLink(location.file))) await this.refuseEscapingLink(location.file);
    return location;
  }

  private async directory(root: string, segments: string[], create: boolean): Promise<string | undefined> {
    const missing: string[] = [];
    let existing = path.join(root, ...segments);
    let real: string;
    for (;;) {
      try {
        real = await realpath(existing + path.sep); // the trailing separator makes a file fail with ENOTDIR
        break;
      } catch (error) {
        if (isErrno(error, "ENOTDIR")) return this.notAFolder(root, existing, create);
        if (!isErrno(error, "ENOENT")) throw error;
        if (existing === root) {
          if (!create) return undefined;
          await mkdir(root, { recursive: true }); // the root was removed after it was first resolved
          continue;
        }
        if (await isLink(existing)) throw escapes(); // a link to nowhere: following it could leave the root
        missing.unshift(path.basename(existing));
        existing = path.dirname(existing);
      }
    }
    if (!this.contains(root, real)) throw escapes();
    if (missing.length === 0) return real;
    if (!create) return undefined;
    const dir = path.join(real, ...missing);
    try {
      await mkdir(dir, { recursive: true });
    } catch (error) {
      if (isErrno(error, "EEXIST", "ENOTDIR")) return this.blocked(create);
      throw error;
    }
    return dir;
  }

  /** `existing`, or one of its parents, is not a folder: a file, or a link to one (refused if it leads out). */
  private async notAFolder(root: string, existing: string, create: boolean): Promise<undefined> {
    const real = await realpath(existing).catch(() => undefined);
    if (real !== undefined && !this.contains(root, real)) throw escapes();
    return this.blocked(create);
  }

  private blocked(create: boolean): undefined {
    if (!create) return undefined;
    throw new StorageError("E_PRECONDITION_FAILED", "a parent of the key is itself an object, and on disk a file cannot also be a folder");
  }

  /** Throws E_ACCESS_DENIED when the symbolic link `file` leads out of the root (or to nowhere). */
  async refuseEscapingLink(file: string): Promise<void> {
    const root = await this.realRoot(false);
    const real = await realpath(file).catch(() => undefined);
    if (real === undefined || !this.contains(root, real)) throw escapes();
  }
}

async function isLink(file: string): Promise<boolean> {
  try {
    return (await lstat(file)).isSymbolicLink();
  } catch {
    return false;
  }
}
