import type { BigIntStats } from "node:fs";
import { readFile } from "node:fs/promises";
import { type ObjectInfo, contentTypeFor } from "@elemental/storages";

/**
 * What is kept beside an object (in `.~m.<name>`): what was uploaded with it, and the identity of the
 * data file it describes (size and modification time in nanoseconds). A sidecar whose identity does
 * not match the data file beside it describes another version and is never used for it.
 */
export interface Sidecar {
  v: 1;
  contentType: string;
  etag: string;
  metadata: Record<string, string>;
  cacheControl?: string | undefined;
  contentDisposition?: string | undefined;
  size: number;
  mtimeNs: string;
}

export type Description = Omit<Sidecar, "v" | "size" | "mtimeNs">;

export function sidecarFor(description: Description, data: BigIntStats): Sidecar {
  return { v: 1, ...description, size: Number(data.size), mtimeNs: data.mtimeNs.toString() };
}

/** The sidecar at `file`, or undefined when there is none or it cannot be read as one. */
export async function readSidecar(file: string): Promise<Sidecar | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    const parsed = JSON.parse(text) as Partial<Sidecar>;
    if (parsed.v !== 1 || typeof parsed.contentType !== "string" || typeof parsed.mtimeNs !== "string") return undefined;
    return parsed as Sidecar;
  } catch {
    return undefined;
  }
}

export function describes(sidecar: Sidecar, data: BigIntStats): boolean {
  return sidecar.size === Number(data.size) && sidecar.mtimeNs === data.mtimeNs.toString();
}

/** An etag for a file the storage did not write (or whose sidecar was lost): size and mtime, as web servers do. */
export function derivedEtag(data: BigIntStats): string {
  return `"${data.size.toString(16)}-${data.mtimeNs.toString(16)}"`;
}

/** An object's info from its data file and, when it matches, its sidecar; else from the file alone. */
export function infoOf(key: string, data: BigIntStats, sidecar: Sidecar | undefined): ObjectInfo {
  const base = { name: key, size: Number(data.size), lastModified: new Date(Number(data.mtimeMs)) };
  if (!sidecar || !describes(sidecar, data)) {
    return { ...base, contentType: contentTypeFor(key), etag: derivedEtag(data), metadata: {} };
  }
  return {
    ...base,
    contentType: sidecar.contentType,
    etag: sidecar.etag,
    metadata: { ...sidecar.metadata },
    cacheControl: sidecar.cacheControl,
    contentDisposition: sidecar.contentDisposition,
  };
}

/**
 * Opens (or stats) a data file and reads the sidecar that describes it. `attempt` runs under the
 * object's lock, so within one process a reader never sees a write between its two renames. Another
 * process may be between them (a new sidecar beside the old data, for microseconds): then `attempt` is
 * retried after `discard`, which finds the new data. A missing sidecar is not retried: it means a
 * file the storage did not write. After the retries the file is described without its sidecar, so a
 * sidecar is never paired with data it does not describe.
 */
export async function readConsistently<T>(
  sidecarFile: string,
  attempt: () => Promise<{ stats: BigIntStats; value: T }>,
  discard: (value: T) => Promise<void>,
  exclusively: <R>(task: () => Promise<R>) => Promise<R>,
): Promise<{ stats: BigIntStats; value: T; sidecar: Sidecar | undefined }> {
  const delays = [0, 1, 2, 5, 10, 20];
  for (let round = 0; ; round++) {
    const { stats, value, sidecar } = await exclusively(async () => ({ ...(await attempt()), sidecar: await readSidecar(sidecarFile) }));
    if (!sidecar || describes(sidecar, stats)) return { stats, value, sidecar };
    const delay = delays[round];
    if (delay === undefined) return { stats, value, sidecar: undefined };
    await discard(value);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
