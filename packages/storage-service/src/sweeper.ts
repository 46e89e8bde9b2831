import { isStorageError } from "@elemental/storages";
import type { AnyStorage } from "./anyStorage";
import { EXPIRES_META, tempKey } from "./recordKeys";
import type { FileRecords } from "./records";
import { isThumbnailOf, thumbnailPrefix } from "./thumbnails";

/**
 * Removes what has expired by `now` from one storage: the object, its cached thumbnails, its record and
 * its index entry. It lists the expiry index from the oldest entry and stops at the first that is not
 * due, so a sweep costs what has expired, not what exists. Returns how many files it removed.
 */
export async function sweep(records: FileRecords, now: number): Promise<number> {
  const { storage } = records;
  let removed = 0;
  for await (const entry of records.due(now)) {
    const record = await records.byId(entry.id);
    if (record && record.expireTime === entry.expireTime) {
      await removeFile(storage, record.name);
      await records.remove(record);
      removed++;
    } else if (!record) {
      // A writer stopped between its object and its record: the entry names the file.
      const name = (await readOrUndefined(storage, entry.key))?.toString("utf8");
      if (name && (await expiryOf(storage, name)) === entry.expireTime) {
        await removeFile(storage, name);
        removed++;
      }
    }
    // Otherwise the file was uploaded again with another expiry: only this entry is stale.
    await storage.delete(entry.key);
  }
  await sweepTemps(storage, now);
  return removed;
}

/** Temporary objects older than this are the remains of a process that stopped mid-upload. */
export const TEMP_MAX_AGE_MS = 24 * 3600 * 1000;

/** Deletes stale temporary objects (md5-named stream uploads): one LIST, usually of nothing. */
async function sweepTemps(storage: AnyStorage, now: number): Promise<void> {
  const stale: string[] = [];
  for await (const entry of storage.list(tempKey(""))) if (entry.lastModified.getTime() < now - TEMP_MAX_AGE_MS) stale.push(entry.name);
  if (stale.length > 0) await storage.deleteMany(stale);
}

/** Deletes an object and the thumbnails cached beside it. */
export async function removeFile(storage: AnyStorage, name: string): Promise<void> {
  await storage.delete(name);
  const thumbnails: string[] = [];
  for await (const entry of storage.list(thumbnailPrefix(name))) if (isThumbnailOf(name, entry.name)) thumbnails.push(entry.name);
  if (thumbnails.length > 0) await storage.deleteMany(thumbnails);
}

/** The expiry an object carries in its metadata, or undefined (none, or no object). */
export async function expiryOf(storage: AnyStorage, name: string): Promise<number | undefined> {
  try {
    const value = (await storage.getObject(name)).metadata[EXPIRES_META];
    return value === undefined ? undefined : Number(value);
  } catch (error) {
    if (isStorageError(error, "E_NOT_FOUND")) return undefined;
    throw error;
  }
}

async function readOrUndefined(storage: AnyStorage, key: string): Promise<Buffer | undefined> {
  try {
    return await storage.download(key);
  } catch (error) {
    if (isStorageError(error, "E_NOT_FOUND")) return undefined;
    throw error;
  }
}
