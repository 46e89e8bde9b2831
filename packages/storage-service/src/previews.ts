import type { Readable } from "node:stream";
import { ServiceError } from "@elemental/services";
import { type ByteRange, type ObjectInfo, collect, isStorageError } from "@elemental/storages";
import type { AnyStorage } from "./anyStorage";
import type { Limits } from "./config";
import { EXPIRES_META, isReserved } from "./recordKeys";
import { THUMBNAIL_TYPES, makeThumbnail, thumbnailName } from "./thumbnails";

/** What a preview route sends: a body (all the bytes, or those `bytes` chose), and the whole file's type, size and ETag. */
export interface PreviewBody {
  name: string;
  body: Readable | Buffer;
  contentType: string;
  size: number;
  etag: string | undefined;
}

/** What is known of a preview before its bytes are read. */
export interface PreviewInfo {
  size: number;
  etag: string | undefined;
}

/**
 * Which bytes a preview reads, chosen once its size and ETag are known: an inclusive range within the
 * size (read from the storage as a range), `"none"` (HEAD, 304, 416: nothing is read), or all (undefined).
 */
export type PreviewBytes = (info: PreviewInfo) => Required<ByteRange> | "none" | undefined;

/** A storage that can open an object's info and bytes at once (DiskType's `openForReading`: one open file). */
interface Openable {
  openForReading(name: string): Promise<{ info: ObjectInfo; stream(range?: Required<ByteRange>): Readable; close(): Promise<void> }>;
}

const NO_BYTES = Buffer.alloc(0);

/** An object's description, or E_NOT_FOUND when it is missing, reserved or expired at `now`. */
export async function liveObject(storage: AnyStorage, name: string, now: number): Promise<ObjectInfo> {
  if (isReserved(name)) throw new ServiceError("E_NOT_FOUND", "no such file");
  const info = await storage.getObject(name).catch(asServiceError);
  if (isExpired(info, now)) throw new ServiceError("E_NOT_FOUND", "no such file (expired)");
  return info;
}

/** The file itself, streamed: 2 requests (HEAD, GET; HEAD alone for no bytes), or one open file on a storage that can. */
export async function openPreview(storage: AnyStorage, name: string, now: number, bytes?: PreviewBytes): Promise<PreviewBody> {
  const openable = storage as Partial<Openable>;
  if (typeof openable.openForReading !== "function") {
    const info = await liveObject(storage, name, now);
    const chosen = bytes?.(info);
    const body = chosen === "none" ? NO_BYTES : await storage.downloadStream(name, chosen === undefined ? {} : { range: chosen });
    return { name, body, contentType: info.contentType, size: info.size, etag: info.etag };
  }
  if (isReserved(name)) throw new ServiceError("E_NOT_FOUND", "no such file");
  const opened = await openable.openForReading.call(storage, name).catch(asServiceError);
  if (isExpired(opened.info, now)) {
    await opened.close();
    throw new ServiceError("E_NOT_FOUND", "no such file (expired)");
  }
  const { info } = opened;
  const chosen = bytes?.(info);
  if (chosen === "none") await opened.close();
  const body = chosen === "none" ? NO_BYTES : opened.stream(chosen);
  return { name, body, contentType: info.contentType, size: info.size, etag: info.etag };
}

function isExpired(info: ObjectInfo, now: number): boolean {
  const expiry = info.metadata[EXPIRES_META];
  return expiry !== undefined && Number(expiry) <= now;
}

function asServiceError(error: unknown): never {
  if (isStorageError(error, "E_NOT_FOUND")) throw new ServiceError("E_NOT_FOUND", "no such file", { cause: error });
  if (isStorageError(error, "E_INVALID_KEY")) throw new ServiceError("E_INVALID_ARGUMENT", "the file name is not valid", { cause: error });
  throw error;
}

/** A thumbnail from its cache (2 requests), else made from the image and cached beside it. */
export async function openThumbnail(
  storage: AnyStorage,
  name: string,
  width: number,
  height: number,
  limits: Limits,
  now: number,
  bytes?: PreviewBytes,
): Promise<PreviewBody> {
  if (width > limits.maxThumbnailSide || height > limits.maxThumbnailSide)
    throw new ServiceError("E_INVALID_ARGUMENT", `width and height must be at most ${limits.maxThumbnailSide}`);
  const cached = thumbnailName(name, width, height);
  try {
    return await openPreview(storage, cached, now, bytes);
  } catch (error) {
    if (!(error instanceof ServiceError && error.code === "E_NOT_FOUND")) throw error;
  }
  const info = await liveObject(storage, name, now);
  const type = info.contentType.split(";")[0]?.trim().toLowerCase() ?? "";
  if (!THUMBNAIL_TYPES.has(type)) throw new ServiceError("E_UNSUPPORTED_MEDIA", "only images have thumbnails");
  if (info.size > limits.maxThumbnailSourceBytes) throw new ServiceError("E_TOO_LARGE", `the image is larger than ${limits.maxThumbnailSourceBytes} bytes`);
  const source = await collect(await storage.downloadStream(name));
  const thumbnail = await makeThumbnail(source, width, height, limits.maxInputPixels);
  const expiry = info.metadata[EXPIRES_META];
  await storage.uploadByFile(cached, thumbnail, info.contentType, { metadata: expiry === undefined ? {} : { [EXPIRES_META]: expiry } });
  // Made in memory just now: the range is a slice of it.
  const chosen = bytes?.({ size: thumbnail.length, etag: undefined });
  const body = chosen === "none" ? NO_BYTES : chosen === undefined ? thumbnail : thumbnail.subarray(chosen.start, chosen.end + 1);
  return { name: cached, body, contentType: info.contentType, size: thumbnail.length, etag: undefined };
}
