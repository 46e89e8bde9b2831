import { randomBytes } from "node:crypto";
import { link, mkdir, open, rename } from "node:fs/promises";
import path from "node:path";
import { StorageError } from "@elemental/storages";
import { removeQuietly } from "./atomicWrite";
import { isErrno } from "./fsErrors";
import { tempName } from "./names";
import { readRegularFile } from "./regularFile";

/** Where an application keeps the secret its disk storages sign URLs with, when none is configured. */
export function signingKeyFile(appRoot: string): string {
  return path.join(appRoot, "appData", ".elemental", "disk-signing.key");
}

/** How long `rotateSigningKey` keeps accepting URLs signed with the key it replaces, by default: one day. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 86_400;

/** The keys of a key file: the one that signs, and retired ones still accepted until `until` (Unix seconds). */
export interface KeyFile {
  current: Buffer;
  previous: Array<{ secret: Buffer; until: number }>;
}

/**
 * The application's signing keys: read from `file`, or made once (32 random bytes, hex, mode 0600).
 * It is written to a temporary file and then hard-linked into place, which fails if another process
 * got there first; so every process ends up reading the same, complete key.
 */
export async function loadOrCreateSigningKey(file: string): Promise<KeyFile> {
  const existing = await readKeyFile(file);
  if (existing) return existing;
  const temp = await writeTemp(file, `${randomBytes(32).toString("hex")}\n`);
  try {
    await link(temp, file).catch((error: unknown) => {
      if (!isErrno(error, "EEXIST")) throw error;
    });
  } finally {
    await removeQuietly(temp);
  }
  const made = await readKeyFile(file);
  if (!made) throw new StorageError("E_INVALID_CONFIG", "the signing key file of the application disappeared while it was made");
  return made;
}

/**
 * Replaces the signing key with a new one; URLs signed with the old key stay valid for `graceSeconds`
 * (default one day), in every process, without a restart. Deleting the file instead revokes every URL at once.
 */
export async function rotateSigningKey(file: string, graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS): Promise<void> {
  if (!Number.isSafeInteger(graceSeconds) || graceSeconds < 0) throw new StorageError("E_INVALID_ARGUMENT", "graceSeconds must be a whole number, 0 or more");
  const now = Math.floor(Date.now() / 1000);
  const old = await readKeyFile(file);
  const kept = old ? [{ secret: old.current, until: now + graceSeconds }, ...old.previous.filter((key) => key.until > now)] : [];
  const lines = [randomBytes(32).toString("hex"), ...kept.filter((key) => key.until > now).map((key) => `${key.secret.toString("hex")} ${key.until}`)];
  const temp = await writeTemp(file, `${lines.join("\n")}\n`);
  try {
    await rename(temp, file);
  } finally {
    await removeQuietly(temp);
  }
}

async function writeTemp(file: string, text: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = path.join(path.dirname(file), tempName());
  const handle = await open(temp, "wx", 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}

const INVALID =
  "the signing key file of the application is not one line of 64 hex digits (then retired keys: 64 hex digits and a time); delete it to make a new one";

/** The key file's keys, or undefined when there is none. */
export async function readKeyFile(file: string): Promise<KeyFile | undefined> {
  let text: string;
  try {
    text = await readRegularFile(file);
  } catch (error) {
    if (isErrno(error, "ENOENT")) return undefined;
    throw error;
  }
  const [first = "", ...rest] = text.trim().split("\n");
  if (!/^[0-9a-f]{64}$/i.test(first.trim())) throw new StorageError("E_INVALID_CONFIG", INVALID);
  const previous = rest.map((line) => {
    const match = /^([0-9a-f]{64}) (\d{1,15})$/i.exec(line.trim());
    if (!match) throw new StorageError("E_INVALID_CONFIG", INVALID);
    return { secret: Buffer.from(match[1] as string, "hex"), until: Number(match[2]) };
  });
  return { current: Buffer.from(first.trim(), "hex"), previous };
}
