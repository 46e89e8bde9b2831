import { open } from "node:fs/promises";
import type { UploadBody } from "./body";
import { StorageError } from "./errors";
import type { TransferProgress, UploadOptions } from "./types";

/** How many times uploadByPath sends a file when a try fails for a passing reason (the file can be re-read). */
export const FILE_UPLOAD_ATTEMPTS = 2;

/**
 * Opens a local file as an upload body, sized from the opened descriptor (the SDK sizes a file stream with
 * `lstat`, which gives a symlink's own length), and runs `use` with it; the file is closed afterwards.
 */
export async function withFileBody<T>(filePath: string, use: (body: UploadBody) => Promise<T>): Promise<T> {
  const handle = await open(filePath, "r").catch((cause: { code?: string }) => {
    throw new StorageError("E_INVALID_ARGUMENT", `the local file cannot be opened (${cause.code ?? "error"})`, { cause });
  });
  try {
    const stats = await handle.stat();
    if (!stats.isFile()) throw new StorageError("E_INVALID_ARGUMENT", "the local path is not a regular file");
    return await use({ kind: "stream", stream: handle.createReadStream({ autoClose: false }), size: stats.size, file: handle });
  } finally {
    await handle.close();
  }
}

/** Progress across tries: `loaded` never goes back when a retry starts from the beginning again. */
export function monotonicProgress(onProgress: ((progress: TransferProgress) => void) | undefined): typeof onProgress {
  if (!onProgress) return undefined;
  let highest = -1;
  return (progress) => {
    if (progress.loaded <= highest) return;
    highest = progress.loaded;
    onProgress(progress);
  };
}

/**
 * Sends a file with `upload`, once more from its start when a try fails for a passing reason (the file
 * can be re-read, unlike a stream); progress never goes back across tries.
 */
export async function sendFile<T, O extends UploadOptions>(
  filePath: string,
  options: O,
  passing: (error: unknown) => boolean,
  upload: (body: UploadBody, tries: O) => Promise<T>,
): Promise<T> {
  const tries = { ...options, onProgress: monotonicProgress(options.onProgress) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await withFileBody(filePath, (body) => upload(body, tries));
    } catch (error) {
      if (!passing(error) || attempt >= FILE_UPLOAD_ATTEMPTS || options.signal?.aborted) throw error;
    }
  }
}
