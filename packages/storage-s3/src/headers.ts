import { StorageError } from "@elemental/storages";

// HTTP header values: visible ASCII, spaces and tabs. S3 sends metadata and these fields as headers.
const HEADER_VALUE = /^[\t\x20-\x7e]*$/;
const METADATA_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

interface HeaderFields {
  contentType?: string | undefined;
  cacheControl?: string | undefined;
  contentDisposition?: string | undefined;
  contentEncoding?: string | undefined;
  contentLanguage?: string | undefined;
  metadata?: Record<string, string> | undefined;
}

/**
 * Rejects values S3 cannot carry: they travel as HTTP headers, which hold ASCII only (Node would throw a
 * TypeError mid-request). Encode non-ASCII yourself, e.g. `filename*=UTF-8''...` in a Content-Disposition.
 */
export function checkHeaderValues(fields: HeaderFields): void {
  const problems: string[] = [];
  const { metadata, ...texts } = fields;
  for (const [name, value] of Object.entries(texts)) {
    if (value !== undefined && !HEADER_VALUE.test(value)) problems.push(`${name} must be ASCII without control characters`);
  }
  for (const [name, value] of Object.entries(metadata ?? {})) {
    if (!METADATA_NAME.test(name)) problems.push(`metadata name ${JSON.stringify(name)} must be an HTTP token (ASCII letters, digits, -_.)`);
    if (typeof value !== "string" || !HEADER_VALUE.test(value)) problems.push(`metadata ${JSON.stringify(name)} must be an ASCII string`);
  }
  if (problems.length > 0) throw new StorageError("E_INVALID_ARGUMENT", `S3 carries these values as HTTP headers: ${problems.join("; ")}`);
}
