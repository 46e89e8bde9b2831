import path from "node:path";
import { lookup } from "mime-types";

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** The content type a key's extension implies (`.mp4` -> `video/mp4`), else application/octet-stream. */
export function contentTypeFor(key: string): string {
  // Only a real extension counts: mime-types alone takes a bare name such as "c" or "json" for one.
  const extension = path.posix.extname(key);
  return (extension && lookup(extension)) || DEFAULT_CONTENT_TYPE;
}
