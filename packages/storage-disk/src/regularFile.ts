import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";

/**
 * Opens a file for reading without ever blocking: O_NONBLOCK makes opening a FIFO return at once (where a
 * plain open waits for a writer, holding one of libuv's four threads), and anything but a regular file is
 * then refused with an ENOENT-like error, as if it were not there. Regular files ignore O_NONBLOCK.
 */
export async function openRegularFile(file: string): Promise<FileHandle> {
  const handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  let regular = false;
  try {
    regular = (await handle.stat()).isFile();
  } finally {
    if (!regular) await handle.close().catch(() => undefined);
  }
  if (!regular) throw Object.assign(new Error("not a regular file"), { code: "ENOENT", syscall: "open" });
  return handle;
}

/** A regular file's text (see openRegularFile). */
export async function readRegularFile(file: string): Promise<string> {
  const handle = await openRegularFile(file);
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}
