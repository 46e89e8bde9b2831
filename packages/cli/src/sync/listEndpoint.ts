import { stat } from "node:fs/promises";
import { CliError } from "../errors";
import type { Endpoint, Entry } from "./location";
import { walkFolder } from "./walkFolder";

export interface ListingOptions {
  /** True for the side that must exist (the source). */
  required: boolean;
  /** Keys (relative to the endpoint) that take no part. */
  excluded: (key: string) => boolean;
  followSymlinks: boolean;
  signal: AbortSignal;
  onSkip: (key: string, reason: string) => void;
}

/**
 * Everything under an endpoint, by key relative to it. The listing is held in memory (keys, sizes and
 * dates: about 200 bytes an entry); the files themselves are streamed later.
 */
export async function listEndpoint(endpoint: Endpoint, options: ListingOptions): Promise<Map<string, Entry>> {
  const entries = new Map<string, Entry>();
  const keep = (entry: Entry): void => {
    if (!options.excluded(entry.key)) entries.set(entry.key, entry);
  };
  if (endpoint.kind === "storage") {
    for await (const object of endpoint.storage.list(endpoint.prefix, { signal: options.signal })) {
      const key = object.name.slice(endpoint.prefix.length);
      // "folder/" placeholder objects (made by S3 consoles) are not files.
      if (key === "" || key.endsWith("/")) continue;
      keep({ key, size: object.size, mtimeMs: object.lastModified.getTime(), etag: object.etag });
    }
    return entries;
  }
  const info = await stat(endpoint.dir).catch(() => undefined);
  if (info === undefined && !options.required) return entries;
  if (info === undefined) throw new CliError("E_FILE_NOT_FOUND", `no folder ${endpoint.dir}`);
  if (!info.isDirectory()) throw new CliError("E_USAGE", `${endpoint.dir} is not a folder`, { help: "to copy one file, use `elemental cp`" });
  await walkFolder(endpoint.dir, options, keep);
  return entries;
}
