import type { BigIntStats } from "node:fs";
import { createHash } from "node:crypto";
import { type ObjectInfo, contentTypeFor } from "@elemental/storages";
import { readRegularFile, statQuietly } from "./regularFile";

/**
 * What is kept beside an object (in `.~m.<name>`): what was uploaded with it, and the identity of the
 * data file it describes (size and modification time in nanoseconds). A sidecar whose identity does
 * not match the data file beside it describes another version and is never used for it. Only objects
 * that record more than their file alone says have one (see needsSidecar).
 *
 * `previous` is the description of the data the write replaced, when that had a sidecar: the new
 * sidecar is renamed before the new data, so for a moment (or for good, after a crash between the two
 * renames) it sits beside the old data, which it then still describes.
 */
export interface Sidecar {
  v: 1;
  contentType: string;
  etag: string;
  metadata: Record<string, string>;
  cacheControl?: string | undefined;
  contentDisposition?: string | undefined;
  contentEncoding?: string | undefined;
  contentLanguage?: string | undefined;
  /** The HTTP Expires date, as an ISO string. */
  expires?: string | undefined;
  /** Only `public` is recorded: an object without it is private. */
  visibility?: "public" | undefined;
  size: number;
  mtimeNs: string;
  previous?: Omit<Sidecar, "v" | "previous"> | undefined;
}

export type Description = Omit<Sidecar, "v" | "size" | "mtimeNs">;

export function sidecarFor(description: Description, data: BigIntStats): Sidecar {
  return { v: 1, ...description, size: Number(data.size), mtimeNs: data.mtimeNs.toString() };
}

/** The sidecar at `file`, or undefined when there is none or it cannot be read as one. */
export async function readSidecar(file: string): Promise<Sidecar | undefined> {
  let text: string;
  try {
    if (statQuietly(file) === undefined) return undefined; // most objects have none: no open, no error built
    text = await readRegularFile(file); // a FIFO put in its place must not block a thread
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Sidecar>;
    if (parsed.v !== 1 || !wellFormed(parsed)) return undefined;
    if (parsed.previous !== undefined && !wellFormed(parsed.previous)) parsed.previous = undefined;
    return parsed as Sidecar;
  } catch {
    return undefined;
  }
}

function wellFormed(description: Partial<Sidecar> | null): boolean {
  return typeof description?.contentType === "string" && typeof description.mtimeNs === "string";
}

export function describes(description: Omit<Sidecar, "v" | "previous">, data: BigIntStats): boolean {
  return description.size === Number(data.size) && description.mtimeNs === data.mtimeNs.toString();
}

/** What `sidecar` says about `data`: its own description, or its `previous` one, whichever describes it. */
export function descriptionOf(sidecar: Sidecar | undefined, data: BigIntStats): Sidecar | undefined {
  if (!sidecar) return undefined;
  const { previous, ...own } = sidecar;
  if (describes(own, data)) return own;
  return previous && describes(previous, data) ? { v: 1, ...previous } : undefined;
}

/** `sidecar`, also describing `previous` (the data it replaces, if that had a sidecar): see Sidecar. */
export function replacing(sidecar: Sidecar, previous: Sidecar | undefined): Sidecar {
  if (!previous) return sidecar;
  const { v: _v, previous: _older, ...description } = previous;
  return { ...sidecar, previous: description };
}

/**
 * Every object's ETag: derived from the data file's inode, size and mtime in nanoseconds, as Apache derives
 * its ETags, but hashed (40 hex digits of a SHA-256) so it tells neither. It is not an MD5 of the content, but it changes whenever the
 * content is replaced: each write renames a new file (a new inode, with a fresh and partly random
 * mtime) over the name. A move keeps it (a rename keeps the inode), and a sidecar keeps the ETag its
 * write returned, so `cp -a` of an object that has one keeps it too.
 */
/**
 * An opaque tag of the file's version (inode, size, mtime), never of its content: 40 hex digits, so that no
 * tool takes it for an MD5 of the bytes as it would a 32-digit S3 ETag (sync would then compare it as one).
 */
export function derivedEtag(data: BigIntStats): string {
  return `"${createHash("sha256").update(`${data.ino}-${data.size}-${data.mtimeNs}`).digest("hex").slice(0, 40)}"`;
}

/**
 * True when an upload records more than its data file alone says (the content type its key's
 * extension implies, no metadata, none of the HTTP headers, private), so it needs a sidecar.
 */
export function needsSidecar(key: string, details: Omit<Description, "etag">): boolean {
  const { contentType, metadata, ...headers } = details;
  return contentType !== contentTypeFor(key) || Object.keys(metadata).length > 0 || Object.values(headers).some((value) => value !== undefined);
}

/** An object's info from its data file and, when it matches, its sidecar; else from the file alone (see needsSidecar). */
export function infoOf(key: string, data: BigIntStats, found: Sidecar | undefined): ObjectInfo {
  const base = { name: key, size: Number(data.size), lastModified: new Date(Number(data.mtimeMs)) };
  const sidecar = descriptionOf(found, data);
  if (!sidecar) {
    return { ...base, contentType: contentTypeFor(key), etag: derivedEtag(data), metadata: {} };
  }
  return {
    ...base,
    contentType: sidecar.contentType,
    etag: sidecar.etag,
    metadata: { ...sidecar.metadata },
    cacheControl: sidecar.cacheControl,
    contentDisposition: sidecar.contentDisposition,
    contentEncoding: sidecar.contentEncoding,
    contentLanguage: sidecar.contentLanguage,
    expires: sidecar.expires === undefined ? undefined : new Date(sidecar.expires),
  };
}

/**
 * Opens (or stats) a data file and reads the sidecar that describes it. `attempt` runs under the
 * object's lock, so within one process a reader never sees a write half done. Another process may be
 * in the middle of one, and then `attempt` is retried after `discard`:
 * - the new data beside the old sidecar (for microseconds): the sidecar does not describe the data;
 *   the retry finds the new data alone, or its own sidecar. (A new sidecar beside the old data
 *   describes it as `previous` when the old data had a sidecar, and is ignored when it had none.)
 * - the data was replaced (or deleted) after it was opened, and its sidecar removed with it: no
 *   sidecar, but the name no longer holds the data that was opened.
 * A missing sidecar beside data that is still the file under its name means there is none: the data
 * says everything. After the retries the file is described without its sidecar, so a sidecar is never
 * paired with data it does not describe.
 */
export async function readConsistently<T>(
  location: { file: string; sidecar: string },
  attempt: () => Promise<{ stats: BigIntStats; value: T }>,
  discard: (value: T) => Promise<void>,
  exclusively: <R>(task: () => Promise<R>) => Promise<R>,
): Promise<{ stats: BigIntStats; value: T; sidecar: Sidecar | undefined }> {
  const delays = [0, 1, 2, 5, 10, 20];
  for (let round = 0; ; round++) {
    const { stats, value, sidecar } = await exclusively(async () => ({ ...(await attempt()), sidecar: await readSidecar(location.sidecar) }));
    const described = descriptionOf(sidecar, stats);
    if (described) return { stats, value, sidecar: described };
    if (!sidecar && stillUnder(location.file, stats)) return { stats, value, sidecar: undefined };
    const delay = delays[round];
    if (delay === undefined) return { stats, value, sidecar: undefined };
    await discard(value);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

/** True when `file` is still the file described by `stats` (same inode, size and mtime). */
function stillUnder(file: string, stats: BigIntStats): boolean {
  const now = statQuietly(file);
  return now !== undefined && now.ino === stats.ino && now.dev === stats.dev && now.size === stats.size && now.mtimeNs === stats.mtimeNs;
}
