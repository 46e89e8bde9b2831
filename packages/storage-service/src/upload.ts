import { randomUUID } from "node:crypto";
import path from "node:path";
import { ServiceError } from "@elemental/services";
import type { UploadData } from "@elemental/storages";
import type { AnyStorage } from "./anyStorage";
import type { AttachmentItem } from "./attachment";
import { bytesOf, readableOf } from "./data";
import { Md5Tap, md5Of } from "./md5Tap";
import { EXPIRES_META, idOf, tempKey } from "./recordKeys";
import type { FileRecords } from "./records";

export interface UploadPlan {
  storage: AnyStorage;
  records: FileRecords;
  /** The stored name unless md5 naming applies. */
  name: string;
  fileName: string;
  data: UploadData;
  md5: string | undefined;
  md5Naming: boolean;
  contentType: string;
  expires: number | undefined;
  public: boolean;
  maxBytes: number | undefined;
  signal: AbortSignal | undefined;
  now: number;
}

/** Stores an upload and its record; returns the record (url left empty for the caller to sign). */
export async function storeUpload(plan: UploadPlan): Promise<AttachmentItem> {
  const expireTime = plan.expires === undefined ? null : plan.now + plan.expires * 1000;
  const bytes = bytesOf(plan.data);
  if (bytes && plan.maxBytes !== undefined && bytes.length > plan.maxBytes)
    throw new ServiceError("E_TOO_LARGE", `the body is larger than ${plan.maxBytes} bytes`);
  if (!plan.md5Naming) return write(plan, plan.name, bytes, expireTime);
  const ext = path.posix.extname(plan.fileName);
  const known = plan.md5 ?? (bytes ? md5Of(bytes) : undefined);
  if (bytes && known !== md5Of(bytes)) throw new ServiceError("E_CHECKSUM_MISMATCH", "the data does not have the md5 given");
  if (known !== undefined) {
    const name = `${known}${ext}`;
    const existing = await plan.records.byName(name);
    if (outlives(existing, expireTime)) {
      if (!bytes) await drainAndCheck(plan, known);
      return existing;
    }
    if (bytes) return write(plan, name, bytes, expireTime);
  }
  // A stream is checked before it takes the name, so that wrong bytes never replace the right ones.
  return spoolThenName(plan, ext, expireTime);
}

function outlives(record: AttachmentItem | undefined, expireTime: number | null): record is AttachmentItem {
  if (!record) return false;
  if (record.expireTime === null) return true;
  return expireTime !== null && record.expireTime >= expireTime;
}

async function write(plan: UploadPlan, name: string, bytes: Buffer | undefined, expireTime: number | null): Promise<AttachmentItem> {
  const id = idOf(name);
  if (expireTime !== null) await plan.records.addExpiry(expireTime, id, name);
  let md5: string;
  let size: number;
  try {
    ({ md5, size } = await put(plan, name, bytes, expireTime));
  } catch (error) {
    if (expireTime !== null) await plan.records.removeExpiry(expireTime, id).catch(() => {});
    throw error;
  }
  const record = recordOf(plan, { id, name, md5, size, expireTime });
  await plan.records.save(record);
  return record;
}

/** md5 naming of a stream without an md5: stored under a temporary key, then moved to `<md5><ext>`. */
async function spoolThenName(plan: UploadPlan, ext: string, expireTime: number | null): Promise<AttachmentItem> {
  const temp = tempKey(randomUUID());
  const { md5, size } = await put(plan, temp, undefined, expireTime);
  if (plan.md5 !== undefined && plan.md5 !== md5) {
    await plan.storage.delete(temp).catch(() => {});
    throw new ServiceError("E_CHECKSUM_MISMATCH", "the bytes received do not have the md5 given");
  }
  const name = `${md5}${ext}`;
  const existing = await plan.records.byName(name);
  if (outlives(existing, expireTime)) {
    await plan.storage.delete(temp);
    return existing;
  }
  const id = idOf(name);
  try {
    if (expireTime !== null) await plan.records.addExpiry(expireTime, id, name);
    await plan.storage.move(temp, name);
  } catch (error) {
    await plan.storage.delete(temp).catch(() => {});
    throw error;
  }
  const record = recordOf(plan, { id, name, md5, size, expireTime });
  await plan.records.save(record);
  return record;
}

async function put(plan: UploadPlan, key: string, bytes: Buffer | undefined, expireTime: number | null): Promise<{ md5: string; size: number }> {
  const metadata: Record<string, string> = expireTime === null ? {} : { [EXPIRES_META]: String(expireTime) };
  const options = { signal: plan.signal, metadata };
  if (bytes) {
    await plan.storage.uploadByFile(key, bytes, plan.contentType, options);
    return { md5: md5Of(bytes), size: bytes.length };
  }
  const tap = feed(plan);
  try {
    await plan.storage.uploadStream(key, tap, plan.contentType, options);
  } catch (error) {
    throw tap.failure ?? error;
  }
  return { md5: tap.md5(), size: tap.size };
}

async function drainAndCheck(plan: UploadPlan, md5: string): Promise<void> {
  const tap = feed(plan);
  await new Promise<void>((resolve, reject) => {
    tap.once("error", (error) => reject(tap.failure ?? error));
    tap.once("end", resolve);
    tap.resume();
  });
  if (tap.md5() !== md5) throw new ServiceError("E_CHECKSUM_MISMATCH", "the bytes received do not have the md5 given");
}

/**
 * The data piped through an Md5Tap. Unlike `pipeline`, a tap that refuses the body (too large) does not
 * destroy the source: an HTTP request stays open for its 413 answer.
 */
function feed(plan: UploadPlan): Md5Tap {
  const tap = new Md5Tap(plan.maxBytes);
  const source = readableOf(plan.data);
  source.once("error", (error) => tap.destroy(error));
  tap.once("error", () => source.unpipe(tap));
  source.pipe(tap);
  return tap;
}

function recordOf(plan: UploadPlan, file: { id: string; name: string; md5: string; size: number; expireTime: number | null }): AttachmentItem {
  return {
    id: file.id,
    md5: file.md5,
    url: "",
    name: file.name,
    size: file.size,
    type: plan.contentType,
    expires: plan.expires ?? null,
    fileName: plan.fileName,
    fullName: plan.storage.storageType,
    storeFullName: plan.storage.fullName,
    uploadTime: plan.now,
    expireTime: file.expireTime,
    public: plan.public,
  };
}
