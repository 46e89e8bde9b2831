import { Transform, type TransformCallback } from "node:stream";
import { CliError } from "./errors";

/** Passes bytes through, telling how many have gone by (for the progress bar of a download). */
export function byteCounter(onBytes: (loaded: number) => void): Transform {
  let loaded = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      loaded += chunk.length;
      onBytes(loaded);
      callback(null, chunk);
    },
  });
}

/** `--metadata key=value` pairs as an object. */
export function parseMetadata(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs || pairs.length === 0) return undefined;
  const metadata: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf("=");
    if (at <= 0) throw new CliError("E_USAGE", `--metadata needs key=value, not "${pair}"`);
    metadata[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return metadata;
}

/** Parses `--expires`: whole seconds (the storage checks the allowed range). */
export function parseSeconds(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value)) throw new CliError("E_USAGE", `--expires needs whole seconds, not "${text}"`);
  return value;
}

export function repeatable(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
