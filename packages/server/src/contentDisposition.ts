import path from "node:path";

/** `inline; filename="..."; filename*=UTF-8''...` for a stored name (its last segment, ASCII-safe fallback). */
export function inlineDisposition(name: string): string {
  const base = path.posix.basename(name);
  const ascii = base.replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `inline; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(base)}`;
}
