/** RFC 6266 Content-Disposition values, and the check of the options that ask for one (download-as links). */
import { StorageError } from "./errors";
import type { SignUrlOptions } from "./types";

/** The longest `filename` a signed URL may carry, in UTF-8 bytes (a file name is 255 bytes on most systems). */
export const MAX_FILENAME_BYTES = 1024;

/** What `getSignUrl` asks a response to say, checked: a disposition always, a filename when given. */
export interface ResolvedDisposition {
  disposition: "inline" | "attachment";
  filename?: string | undefined;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * Checks `getSignUrl`'s options the same for every Type; undefined when they ask for nothing. A filename
 * given without a disposition means `attachment`.
 */
export function checkSignUrlOptions(options: unknown): ResolvedDisposition | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new StorageError("E_INVALID_ARGUMENT", "getSignUrl's options must be an object such as { disposition, filename }");
  }
  const { disposition, filename } = options as SignUrlOptions;
  if (disposition !== undefined && disposition !== "inline" && disposition !== "attachment") {
    throw new StorageError("E_INVALID_ARGUMENT", 'disposition must be "inline" or "attachment"');
  }
  if (filename !== undefined) {
    if (typeof filename !== "string" || filename === "") throw new StorageError("E_INVALID_ARGUMENT", "filename must be a non-empty string");
    if (CONTROL.test(filename)) throw new StorageError("E_INVALID_ARGUMENT", "filename must not contain control characters");
    if (!filename.isWellFormed()) throw new StorageError("E_INVALID_ARGUMENT", "filename must be well-formed Unicode (no lone surrogates)");
    if (Buffer.byteLength(filename) > MAX_FILENAME_BYTES)
      throw new StorageError("E_INVALID_ARGUMENT", `filename may be at most ${MAX_FILENAME_BYTES} UTF-8 bytes`);
  }
  if (disposition === undefined && filename === undefined) return undefined;
  return { disposition: disposition ?? "attachment", filename };
}

/**
 * A Content-Disposition value per RFC 6266: `attachment`, or `attachment; filename="report.pdf"`, and for a
 * name that plain ASCII cannot carry, an ASCII fallback plus `filename*=UTF-8''<percent-encoded>` (RFC 8187),
 * which every current browser prefers.
 */
export function contentDisposition(disposition: "inline" | "attachment", filename?: string): string {
  if (filename === undefined) return disposition;
  const fallback = asciiFallback(filename);
  const plain = `${disposition}; filename="${fallback}"`;
  return fallback === filename ? plain : `${plain}; filename*=UTF-8''${encodeExtValue(filename)}`;
}

/** Accents dropped, then every character outside printable ASCII, and `"` `\` `%` `/`, replaced by `_`. */
function asciiFallback(filename: string): string {
  const stripped = filename.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
  return stripped.replace(/[^\x20-\x7e]|["\\%/]/gu, "_");
}

/** RFC 8187 `value-chars`: UTF-8 bytes percent-encoded, except `attr-char`s (letters, digits, !#$&+-.^_`|~). */
function encodeExtValue(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
