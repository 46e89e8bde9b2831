import { DEFAULT_CONTENT_TYPE, type ObjectInfo, contentDisposition } from "@elemental/storages";
import type { Grant } from "./signer";

/** Types a browser runs or renders as a document on the serving origin: HTML, SVG, XML (XSLT), JavaScript. */
const ACTIVE_TYPES = new Set([
  "text/html",
  "application/xhtml+xml",
  "image/svg+xml",
  "text/xml",
  "application/xml",
  "text/xsl",
  "application/xslt+xml",
  "text/javascript",
  "application/javascript",
  "application/x-javascript",
  "application/ecmascript",
  "text/ecmascript",
  "text/jscript",
]);

/** True for a content type whose essence is active (see ACTIVE_TYPES), or any `+xml` type. */
export function isActiveType(contentType: string): boolean {
  const essence = (contentType.split(";")[0] ?? "").trim().toLowerCase();
  return ACTIVE_TYPES.has(essence) || essence.endsWith("+xml");
}

/**
 * The Content-Disposition of a response: what the URL was signed with; else, for an active type,
 * `attachment` (the stored value when it already is one), so a stored page never renders on the
 * handler's origin unless it was signed for `inline`; else the stored value.
 */
function dispositionOf(grant: Grant, info: ObjectInfo, contentType: string): string | undefined {
  if (grant.disposition !== undefined) return contentDisposition(grant.disposition, grant.filename);
  const stored = info.contentDisposition;
  if (!isActiveType(contentType)) return stored;
  return stored !== undefined && /^\s*attachment\s*(;|$)/i.test(stored) ? stored : "attachment";
}

/**
 * `private` (a shared cache must not keep what a signature granted to one holder), and never cached
 * longer than the URL lives: max-age is the URL's remaining lifetime, or the stored max-age if shorter;
 * a stored no-store or no-cache is kept.
 */
export function cacheControlOf(stored: string | undefined, expires: number, now = Date.now()): string {
  if (stored !== undefined && /(^|[\s,])no-store($|[\s,])/i.test(stored)) return "private, no-store";
  if (stored !== undefined && /(^|[\s,])no-cache($|[\s,=])/i.test(stored)) return "private, no-cache";
  const remaining = Math.max(0, expires - Math.floor(now / 1000));
  const storedAge = stored === undefined ? undefined : /(?:^|[\s,])max-age\s*=\s*"?(\d+)/i.exec(stored)?.[1];
  return `private, max-age=${storedAge === undefined ? remaining : Math.min(remaining, Number(storedAge))}`;
}

/**
 * The headers of a GET or HEAD of a stored object (also sent with 304). Every response also says
 * `nosniff` (the browser keeps to the declared type) and `Content-Security-Policy: sandbox` (even a page
 * signed for inline runs no script and gets an opaque origin, with no access to the app's cookies or storage).
 */
export function objectHeaders(grant: Grant, info: ObjectInfo, now = Date.now()): Record<string, string | undefined> {
  const contentType = grant.contentType || info.contentType || DEFAULT_CONTENT_TYPE;
  return {
    "Content-Type": contentType,
    ETag: info.etag,
    "Last-Modified": info.lastModified.toUTCString(),
    "Cache-Control": cacheControlOf(info.cacheControl, grant.expires, now),
    "Content-Disposition": dispositionOf(grant, info, contentType),
    "Content-Encoding": info.contentEncoding,
    "Content-Language": info.contentLanguage,
    Expires: info.expires?.toUTCString(),
    "Accept-Ranges": "bytes",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "sandbox",
  };
}
