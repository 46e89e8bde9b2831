import type { Entry } from "./location";

/** Why a file is sent: it is missing there, its size or checksum differs, or the source is newer. */
export type Reason = "new" | "size" | "checksum" | "newer";

export interface Transfer {
  entry: Entry;
  reason: Reason;
}

export interface SyncPlan {
  transfers: Transfer[];
  /** Destination entries that the source does not have (deleted only with --delete). */
  extraneous: Entry[];
  /** Present on both sides and alike. */
  unchanged: number;
}

/**
 * What to send: every source entry that the destination lacks or holds differently, as `aws s3 sync`
 * decides. Where both sides have a checksum (an MD5 ETag), it alone decides; otherwise a different size,
 * or a source modified in a later second than the destination, means the file changed. Times are compared
 * in whole seconds, since S3 keeps no more. The result is in key order.
 */
export function planSync(source: ReadonlyMap<string, Entry>, destination: ReadonlyMap<string, Entry>): SyncPlan {
  const transfers: Transfer[] = [];
  let unchanged = 0;
  for (const key of [...source.keys()].sort()) {
    const entry = source.get(key) as Entry;
    const reason = changeOf(entry, destination.get(key));
    if (reason === undefined) unchanged++;
    else transfers.push({ entry, reason });
  }
  const extraneous = [...destination.keys()]
    .filter((key) => !source.has(key))
    .sort()
    .map((key) => destination.get(key) as Entry);
  return { transfers, extraneous, unchanged };
}

/** Why `source` must be sent over `destination`, or undefined when they are alike. */
export function changeOf(source: Entry, destination: Entry | undefined): Reason | undefined {
  if (destination === undefined) return "new";
  if (source.size !== destination.size) return "size";
  const [ours, theirs] = [checksumOf(source.etag), checksumOf(destination.etag)];
  if (ours !== undefined && theirs !== undefined) return ours === theirs ? undefined : "checksum";
  return Math.floor(source.mtimeMs / 1000) > Math.floor(destination.mtimeMs / 1000) ? "newer" : undefined;
}

/**
 * The content's MD5 when an ETag is one (S3 and compatible servers, for objects written in one request).
 * Multipart ETags (`<hash>-<parts>`) depend on the part size, and DiskType's are not hashes: neither counts.
 */
export function checksumOf(etag: string | undefined): string | undefined {
  const bare = etag?.replace(/^W\//, "").replace(/"/g, "").toLowerCase();
  return bare !== undefined && /^[0-9a-f]{32}$/.test(bare) ? bare : undefined;
}

/** Every source entry, for `cp -r` and `mv -r`, which copy whatever is there. */
export function planAll(source: ReadonlyMap<string, Entry>): SyncPlan {
  const transfers = [...source.keys()].sort().map((key) => ({ entry: source.get(key) as Entry, reason: "new" as const }));
  return { transfers, extraneous: [], unchanged: 0 };
}
