import { createHash } from "node:crypto";
import { stat } from "node:fs/promises";
import { type KeyFile, loadOrCreateSigningKey, readKeyFile } from "./signingKey";

export interface SigningKey {
  /** Names the key in URLs (`kid`): a hash, from which the key cannot be learnt. */
  id: string;
  secret: Buffer;
}

/** A key's id: 12 hex digits of a SHA-256 of it. */
export function keyIdOf(secret: Buffer): string {
  return createHash("sha256").update("elemental-disk-key-id\n").update(secret).digest("hex").slice(0, 12);
}

const toKey = (secret: Buffer): SigningKey => ({ id: keyIdOf(secret), secret });

/**
 * The keys a disk storage signs and verifies with: a configured secret, or the application's key file.
 * The file is looked at (one `stat`) on every use and read again whenever it changed, so a key that
 * another process rotated (`rotateSigningKey`) or made after the file was deleted is used at once,
 * without a restart; and a deleted file revokes every URL it signed. `checkFile` runs before every use
 * of the file (the storage refuses a key file that its own folder would serve).
 */
export class SigningKeys {
  private loaded: { stamp: string; keys: KeyFile } | undefined;
  private pending: Promise<KeyFile | undefined> | undefined;
  private readonly seen = new Set<string>();

  constructor(private readonly source: { secret: Buffer } | { file: string; checkFile: () => Promise<void> }) {}

  /** The key new URLs are signed with (made when the application has none yet). */
  async forSigning(): Promise<SigningKey> {
    if ("secret" in this.source) return toKey(this.source.secret);
    const keys = (await this.current()) ?? (await this.create());
    return toKey(keys.current);
  }

  /** The secret that key `kid` names, if it is still accepted now (the current key, or a retired one within its grace). */
  async forVerifying(kid: string | undefined, now = Date.now()): Promise<Buffer | undefined> {
    if ("secret" in this.source) return kid === undefined || kid === keyIdOf(this.source.secret) ? this.source.secret : undefined;
    const keys = await this.current();
    if (!keys) return undefined;
    if (kid === undefined || kid === keyIdOf(keys.current)) return keys.current;
    return keys.previous.find((key) => key.until * 1000 > now && keyIdOf(key.secret) === kid)?.secret;
  }

  /** Every key this process has used, as hex: values that must never appear in a message. */
  secretValues(): string[] {
    return [...this.seen];
  }

  /** The file's keys as they are now, read again if the file changed; undefined when there is no file. */
  private current(): Promise<KeyFile | undefined> {
    this.pending ??= this.refresh().finally(() => (this.pending = undefined));
    return this.pending;
  }

  private async refresh(): Promise<KeyFile | undefined> {
    const { file, checkFile } = this.source as { file: string; checkFile: () => Promise<void> };
    await checkFile(); // on every use: a link may have put the key file inside the served folder since
    const stats = await stat(file, { bigint: true }).catch(() => undefined);
    if (!stats) {
      this.loaded = undefined;
      return undefined;
    }
    const stamp = `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}`;
    if (this.loaded?.stamp === stamp) return this.loaded.keys;
    const keys = await readKeyFile(file);
    if (!keys) return undefined;
    this.remember(keys);
    this.loaded = { stamp, keys };
    return keys;
  }

  private async create(): Promise<KeyFile> {
    const { file, checkFile } = this.source as { file: string; checkFile: () => Promise<void> };
    await checkFile();
    const keys = await loadOrCreateSigningKey(file);
    this.remember(keys);
    return keys;
  }

  private remember(keys: KeyFile): void {
    for (const secret of [keys.current, ...keys.previous.map((key) => key.secret)]) this.seen.add(secret.toString("hex"));
  }
}
