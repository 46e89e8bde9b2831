import { lookup } from "mime-types";

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

/** The content type a key's extension implies (`.mp4` -> `video/mp4`), else application/octet-stream. */
export function contentTypeFor(key: string): string {
  return lookup(key) || DEFAULT_CONTENT_TYPE;
}
