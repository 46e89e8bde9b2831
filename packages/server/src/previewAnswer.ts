import type { IncomingHttpHeaders } from "node:http";
import type { PreviewInfo } from "@elemental/storage-service";
import parseRange from "range-parser";

/** How a preview request is answered, decided from its headers once the file's size and ETag are known. */
export type PreviewAnswer = { status: 200 } | { status: 206; start: number; end: number } | { status: 304 } | { status: 416 };

/**
 * RFC 9110 for a preview: a matching If-None-Match is 304; on GET, one byte range is 206 (several overlapping
 * ones are merged; disjoint ones get the whole file, as the RFC allows), an unsatisfiable one 416, a
 * malformed one is ignored; If-Range must name the current strong ETag, else the whole file is sent.
 * HEAD ignores Range (range handling is defined for GET only).
 */
export function previewAnswer(method: string, headers: IncomingHttpHeaders, info: PreviewInfo): PreviewAnswer {
  if (info.etag !== undefined && noneMatch(headers["if-none-match"], info.etag)) return { status: 304 };
  const range = headers.range;
  if (method !== "GET" || range === undefined) return { status: 200 };
  const ifRange = headers["if-range"];
  if (ifRange !== undefined && (info.etag === undefined || info.etag.startsWith("W/") || String(ifRange).trim() !== info.etag)) return { status: 200 };
  const parts = parseRange(info.size, range, { combine: true });
  if (parts === -1) return { status: 416 };
  if (parts === -2 || parts.type !== "bytes" || parts.length !== 1 || parts[0] === undefined) return { status: 200 };
  return { status: 206, start: parts[0].start, end: parts[0].end };
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}
