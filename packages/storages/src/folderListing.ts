import { StorageError } from "./errors";
import { prefixProblem } from "./keys";
import type { FolderListOptions, FolderPage, ListEntry } from "./types";

export const MAX_FOLDER_PAGE = 1000;

/** What a Type's `listFolderObjects` is asked for: at most `pageSize` entries whose names sort after `after`. */
export interface FolderRequest {
  pageSize: number;
  /** The last name the previous page returned (a file's key, or a folder's prefix ending with `/`). */
  after: string | undefined;
  signal: AbortSignal | undefined;
}

/** What a Type's `listFolderObjects` returns: the entries, and whether more may follow them. */
export interface FolderSlice {
  files: ListEntry[];
  folders: string[];
  truncated: boolean;
}

/** One entry of a folder level: a file (with its entry) or a sub-folder (its prefix, ending with `/`). */
export type LevelEntry = { name: string; file: ListEntry } | { name: string; file?: undefined };

/** The byte order of UTF-8 names, the order S3 lists in (not JavaScript's UTF-16 order). */
export function byteOrder(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** The folder a prefix names: `""` (the root), else a valid key ending with `/` (`photos` means `photos/`). */
export function folderPrefixOf(prefix: unknown): string {
  if (prefix === undefined || prefix === "") return "";
  const problem = prefixProblem(prefix);
  if (problem) throw new StorageError("E_INVALID_KEY", problem);
  const text = prefix as string;
  return text.endsWith("/") ? text : `${text}/`;
}

/** Checks `pageSize` and reads the cursor, which must come from a listing of the same folder. */
export function folderRequestOf(prefix: string, options: FolderListOptions): FolderRequest {
  const { pageSize = MAX_FOLDER_PAGE, cursor } = options;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_FOLDER_PAGE) {
    throw new StorageError("E_INVALID_ARGUMENT", `pageSize must be a whole number from 1 to ${MAX_FOLDER_PAGE}, not ${String(pageSize)}`);
  }
  return { pageSize, after: cursor === undefined ? undefined : afterOf(cursor, prefix), signal: options.signal };
}

/**
 * The cursor is the folder and the last name returned, so that it needs no state on any server and works
 * in another process or on a fresh element. Listing resumes strictly after that name in byte order: an
 * entry that existed throughout is never skipped and never returned twice, whatever was written meanwhile.
 */
const CURSOR_VERSION = "c1.";

export function cursorOf(prefix: string, after: string): string {
  return CURSOR_VERSION + Buffer.from(JSON.stringify([prefix, after])).toString("base64url");
}

function afterOf(cursor: unknown, prefix: string): string {
  const wrong = (why: string): StorageError => new StorageError("E_INVALID_ARGUMENT", `cursor ${why}`);
  if (typeof cursor !== "string" || !cursor.startsWith(CURSOR_VERSION)) throw wrong("is not a listFolder cursor");
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor.slice(CURSOR_VERSION.length), "base64url").toString("utf8"));
  } catch {
    throw wrong("is not a listFolder cursor");
  }
  if (!Array.isArray(decoded) || decoded.length !== 2 || typeof decoded[1] !== "string") throw wrong("is not a listFolder cursor");
  const [folder, after] = decoded as [unknown, string];
  if (folder !== prefix) throw wrong(`belongs to a listing of ${JSON.stringify(folder)}, not of ${JSON.stringify(prefix)}`);
  if (!after.startsWith(prefix) || after.length === prefix.length) throw wrong("is not a listFolder cursor");
  return after;
}

/** The public page: the slice, and a cursor after its last entry when more may follow. */
export function pageOf(prefix: string, request: FolderRequest, slice: FolderSlice): FolderPage {
  const page: FolderPage = { files: slice.files, folders: slice.folders };
  if (!slice.truncated) return page;
  const lastFile = slice.files.at(-1)?.name;
  const lastFolder = slice.folders.at(-1);
  const last = lastFile === undefined ? lastFolder : lastFolder === undefined ? lastFile : byteOrder(lastFile, lastFolder) > 0 ? lastFile : lastFolder;
  const after = last ?? request.after;
  if (after !== undefined) page.nextCursor = cursorOf(prefix, after);
  return page;
}

/** A page of a whole level held in memory (MemoryType, DiskType's one folder, the walking fallback). */
export function sliceOfLevel(level: LevelEntry[], request: FolderRequest): FolderSlice {
  const sorted = level.map((entry) => ({ entry, order: Buffer.from(entry.name) })).sort((a, b) => Buffer.compare(a.order, b.order));
  const after = request.after === undefined ? undefined : Buffer.from(request.after);
  const rest = after === undefined ? sorted : sorted.filter(({ order }) => Buffer.compare(order, after) > 0);
  const taken = rest.slice(0, request.pageSize).map(({ entry }) => entry);
  return {
    files: taken.flatMap((entry) => (entry.file ? [entry.file] : [])),
    folders: taken.flatMap((entry) => (entry.file ? [] : [entry.name])),
    truncated: rest.length > request.pageSize,
  };
}

/** The level entry a key stands for under `prefix`: itself, or the sub-folder holding it. */
export function levelNameOf(prefix: string, key: string): { name: string; folder: boolean } {
  const slash = key.indexOf("/", prefix.length);
  return slash < 0 ? { name: key, folder: false } : { name: key.slice(0, slash + 1), folder: true };
}

/** The level of a folder from a walk of everything under it: for Types without a delimiter listing. */
export async function levelByWalking(prefix: string, entries: AsyncIterable<ListEntry>): Promise<LevelEntry[]> {
  const level = new Map<string, LevelEntry>();
  for await (const file of entries) {
    const { name, folder } = levelNameOf(prefix, file.name);
    if (!level.has(name)) level.set(name, folder ? { name } : { name, file });
  }
  return [...level.values()];
}
