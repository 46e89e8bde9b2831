import path from "node:path";
import { ServiceError } from "@elemental/services";

/** Image types thumbnails are made of (SVG is not: it is a document, not pixels). */
export const THUMBNAIL_TYPES = new Set(["image/png", "image/jpeg", "image/webp", "image/gif", "image/avif", "image/tiff"]);

/** JitAi's cache name: `<stem>_<w>_<h>.<ext>` beside the object. */
export function thumbnailName(name: string, width: number, height: number): string {
  const ext = path.posix.extname(name);
  return `${name.slice(0, name.length - ext.length)}_${width}_${height}${ext}`;
}

/** Whether `candidate` is a cached thumbnail of `name`. */
export function isThumbnailOf(name: string, candidate: string): boolean {
  const ext = path.posix.extname(name);
  const stem = name.slice(0, name.length - ext.length);
  if (!candidate.startsWith(`${stem}_`) || !candidate.endsWith(ext)) return false;
  return /^\d{1,5}_\d{1,5}$/.test(candidate.slice(stem.length + 1, candidate.length - ext.length));
}

/** The listing prefix under which `name`'s thumbnails live. */
export function thumbnailPrefix(name: string): string {
  const ext = path.posix.extname(name);
  return `${name.slice(0, name.length - ext.length)}_`;
}

/** A thumbnail that fits inside width x height, in the source's format; refuses images over maxPixels. */
export async function makeThumbnail(source: Buffer, width: number, height: number, maxPixels: number): Promise<Buffer> {
  const { default: sharp } = await import("sharp");
  try {
    return await sharp(source, { limitInputPixels: maxPixels, failOn: "error" })
      .rotate()
      .resize(width, height, { fit: "inside", withoutEnlargement: true })
      .toBuffer();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    if (/pixel limit/i.test(message)) throw new ServiceError("E_TOO_LARGE", `the image has more than ${maxPixels} pixels`, { cause });
    throw new ServiceError("E_UNSUPPORTED_MEDIA", "the file is not an image that can be read", { cause });
  }
}
