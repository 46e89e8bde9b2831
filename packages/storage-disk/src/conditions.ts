import type { ObjectInfo } from "@elemental/storages";

/** What a GET or HEAD's preconditions (RFC 9110 section 13.2.2) make of it. */
export type Precondition = "proceed" | "not-modified" | "failed";

/** Strong comparison for If-Match; weak (W/ ignored) for If-None-Match. `*` matches any existing object. */
function listMatches(header: string, etag: string | undefined, weak: boolean): boolean {
  return header.split(",").some((raw) => {
    const tag = raw.trim();
    if (tag === "*") return true;
    if (etag === undefined) return false;
    if (weak) return tag.replace(/^W\//, "") === etag.replace(/^W\//, "");
    return !tag.startsWith("W/") && !etag.startsWith("W/") && tag === etag;
  });
}

/** A date header's time in whole seconds, or undefined when it is not a date. */
function secondsOf(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const time = Date.parse(header);
  return Number.isNaN(time) ? undefined : Math.floor(time / 1000);
}

/**
 * Evaluates If-Match, If-Unmodified-Since, If-None-Match and If-Modified-Since in RFC 9110's order:
 * a failed If-Match (or, without one, an object modified since If-Unmodified-Since) is 412; then a
 * matching If-None-Match (or, without one, an object unmodified since If-Modified-Since) is 304.
 */
export function evaluatePreconditions(headers: Record<string, string | string[] | undefined>, info: Pick<ObjectInfo, "etag" | "lastModified">): Precondition {
  const one = (name: string): string | undefined => {
    const value = headers[name];
    return Array.isArray(value) ? value.join(", ") : value;
  };
  const modified = Math.floor(info.lastModified.getTime() / 1000);
  const ifMatch = one("if-match");
  if (ifMatch !== undefined) {
    if (!listMatches(ifMatch, info.etag, false)) return "failed";
  } else {
    const since = secondsOf(one("if-unmodified-since"));
    if (since !== undefined && modified > since) return "failed";
  }
  const ifNoneMatch = one("if-none-match");
  if (ifNoneMatch !== undefined) return listMatches(ifNoneMatch, info.etag, true) ? "not-modified" : "proceed";
  const since = secondsOf(one("if-modified-since"));
  return since !== undefined && modified <= since ? "not-modified" : "proceed";
}
