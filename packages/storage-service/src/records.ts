import { isStorageError } from "@elemental/storages";
import type { AnyStorage } from "./anyStorage";
import type { AttachmentItem } from "./attachment";
import { EXPIRY_PREFIX, expiryKey, idOf, md5Key, parseExpiryKey, recordKey } from "./recordKeys";

/**
 * The file records of one storage, kept in that storage under the reserved prefix, so that they survive
 * restarts and every process using the storage sees the same ones:
 *   id/<id>.json       the record (found by id, and by stored name since id = idOf(name)): 1 GET
 *   md5/<md5>.json     a copy of the latest record with those bytes: 1 GET
 *   exp/<time>_<id>    the expiry index, sorted by time: a sweep lists only what is due
 */
export class FileRecords {
  constructor(readonly storage: AnyStorage) {}

  byId(id: string): Promise<AttachmentItem | undefined> {
    return this.read(recordKey(id));
  }

  byName(name: string): Promise<AttachmentItem | undefined> {
    return this.byId(idOf(name));
  }

  byMd5(md5: string): Promise<AttachmentItem | undefined> {
    return /^[0-9a-f]{32}$/.test(md5) ? this.read(md5Key(md5)) : Promise.resolve(undefined);
  }

  /** Writes the record and its md5 copy: 2 PUTs. */
  async save(record: AttachmentItem): Promise<void> {
    const body = JSON.stringify(record);
    await this.storage.uploadByFile(recordKey(record.id), body, "application/json");
    await this.storage.uploadByFile(md5Key(record.md5), body, "application/json");
  }

  /** Adds an expiry index entry (1 PUT) whose body names the file, for a sweep that finds no record. */
  async addExpiry(expireTime: number, id: string, name: string): Promise<void> {
    await this.storage.uploadByFile(expiryKey(expireTime, id), name, "text/plain");
  }

  async removeExpiry(expireTime: number, id: string): Promise<void> {
    await this.storage.delete(expiryKey(expireTime, id));
  }

  /** Removes the record and, when it points at this record, the md5 copy. */
  async remove(record: AttachmentItem): Promise<void> {
    await this.storage.delete(recordKey(record.id));
    const copy = await this.byMd5(record.md5);
    if (copy?.id === record.id) await this.storage.delete(md5Key(record.md5));
  }

  /** The expiry entries due at `now`, oldest first; listing stops at the first one not due. */
  async *due(now: number): AsyncGenerator<{ key: string; expireTime: number; id: string }> {
    for await (const entry of this.storage.list(EXPIRY_PREFIX)) {
      const parsed = parseExpiryKey(entry.name);
      if (!parsed) continue;
      if (parsed.expireTime > now) return;
      yield { key: entry.name, ...parsed };
    }
  }

  private async read(key: string): Promise<AttachmentItem | undefined> {
    try {
      return JSON.parse((await this.storage.download(key)).toString("utf8")) as AttachmentItem;
    } catch (error) {
      if (isStorageError(error, "E_NOT_FOUND")) return undefined;
      throw error;
    }
  }
}
