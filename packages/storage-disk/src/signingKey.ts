import { randomBytes } from "node:crypto";
import { link, mkdir, open, readFile } from "node:fs/promises";
import path from "node:path";
import { StorageError } from "@elemental/storages";
import { removeQuietly } from "./atomicWrite";
import { isErrno } from "./fsErrors";
import { tempName } from "./names";

/** Where an application keeps the secret its disk storages sign URLs with, when none is configured. */
export function signingKeyFile(appRoot: string): string {
  return path.join(appRoot, "appData", ".elemental", "disk-signing.key");
}

/**
 * The application's signing key: read from `file`, or made once (32 random bytes, hex, mode 0600).
 * It is written to a temporary file and then hard-linked into place, which fails if another process
 * got there first; so every process ends up reading the same, complete key.
 */
export async function loadOrCreateSigningKey(file: string): Promise<Buffer> {
  const existing = await readKey(file);
  if (existing) return existing;
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = path.join(path.dirname(file), tempName());
  try {
    const handle = await open(temp, "wx", 0o600);
    try {
      await handle.writeFile(`${randomBytes(32).toString("hex")}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await link(temp, file).catch((error: unknown) => {
      if (!isErrno(error, "EEXIST")) throw error;
    });
  } finally {
    await removeQuietly(temp);
  }
  const made = await readKey(file);
  if (!made) throw new StorageError("E_INVALID_CONFIG", "the signing key file of the application is not 64 hex digits");
  return made;
}

async function readKey(file: string): Promise<Buffer | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) {
    throw new StorageError("E_INVALID_CONFIG", "the signing key file of the application is not 64 hex digits; delete it to make a new one");
  }
  return Buffer.from(hex, "hex");
}
