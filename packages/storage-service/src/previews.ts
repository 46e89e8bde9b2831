import type { Readable } from "node:stream";
import { ServiceError } from "@elemental/services";
import { type ObjectInfo, collect, isStorageError } from "@elemental/storages";
import type { AnyStorage } from "./anyStorage";
import type { Limits } from "./config";
import { EXPIRES_META, isReserved } from "./recordKeys";
import { THUMBNAIL_TYPES, makeThumbnail, thumbnailName } from "./thumbnails";

/** What a preview route sends: a body, its type and size. */
export interface PreviewBody {
  name: string;
  body: Readable | Buffer;
  contentType: string;
  size: number;
  etag: string | undefined;
}

/** A storage that can open an object's info and bytes at once (DiskType's `openForReading`: one open file). */
interface Openable {
  openForReading(name: string): Promise<{ info: ObjectInfo; stream(): Readable; close(): Promise<void> }>;
}

/** An object's description, or E_NOT_FOUND when it is missing, reserved or expired at `now`. */
export async function liveObject(storage: AnyStorage, name: string, now: number): Promise<ObjectInfo> {
  if (isReserved(name)) throw new ServiceError("E_NOT_FOUND", "no such file");
  const info = await storage.getObject(name).catch(asServiceError);
  if (isExpired(info, now)) throw new ServiceError("E_NOT_FOUND", "no such file (expired)");
  return info;
}

/** The file itself, streamed: 2 requests (HEAD, GET), or one open file on a storage that can. */
export async function openPreview(storage: AnyStorage, name: string, now: number): Promise<PreviewBody> {
  const openable = storage as Partial<Openable>;
  if (typeof openable.openForReading !== "function") {
    const info = await liveObject(storage, name, now);
    return { name, body: await storage.downloadStream(name), contentType: info.contentType, size: info.size, etag: info.etag };
  }
  if (isReserved(name)) throw new ServiceError("E_NOT_FOUND", "no such file");
  const opened = await openable.openForReading.call(storage, name).catch(asServiceError);
  if (isExpired(opened.info, now)) {
    await opened.close();
    throw new ServiceError("E_NOT_FOUND", "no such file (expired)");
  }
  const { info } = opened;
  return { name, body: opened.stream(), contentType: info.contentType, size: info.size, etag: info.etag };
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
export async function openThumbnail(storage: AnyStorage, name: string, width: number, height: number, limits: Limits, now: number): Promise<PreviewBody> {
  if (width > limits.maxThumbnailSide || height > limits.maxThumbnailSide)
    throw new ServiceError("E_INVALID_ARGUMENT", `width and height must be at most ${limits.maxThumbnailSide}`);
  const cached = thumbnailName(name, width, height);
  try {
    return await openPreview(storage, cached, now);
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
  return { name: cached, body: thumbnail, contentType: info.contentType, size: thumbnail.length, etag: undefined };
}
