import { format, inspect } from "node:util";

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Captures everything written to console.* and process.stdout/stderr while it runs, and every unhandled
 * rejection, so that a test can scan all of it (and every error it saw) for secrets.
 */
export class LeakWatch {
  readonly lines: string[] = [];
  readonly unhandled: unknown[] = [];
  private readonly restores: Array<() => void> = [];
  private readonly onUnhandled = (reason: unknown): void => {
    this.unhandled.push(reason);
  };

  start(): this {
    for (const method of CONSOLE_METHODS) {
      const spy = jest.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        this.lines.push(format(...args));
      });
      this.restores.push(() => spy.mockRestore());
    }
    for (const stream of [process.stdout, process.stderr]) {
      const original = stream.write;
      stream.write = ((chunk: unknown, ...rest: unknown[]) => {
        this.lines.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
        const callback = rest.find((arg) => typeof arg === "function") as (() => void) | undefined;
        callback?.();
        return true;
      }) as typeof stream.write;
      this.restores.push(() => {
        stream.write = original;
      });
    }
    process.on("unhandledRejection", this.onUnhandled);
    this.restores.push(() => process.off("unhandledRejection", this.onUnhandled));
    return this;
  }

  stop(): void {
    for (const restore of this.restores.splice(0).reverse()) restore();
  }

  /** The captured lines from index `from` on. */
  since(from: number): string[] {
    return this.lines.slice(from);
  }
}

/** Every text a logger might print for an error: its message, its stack, and its inspection (cause chain included). */
export function errorTexts(error: unknown): string[] {
  if (!(error instanceof Error)) return [inspect(error, { depth: 8 })];
  let json = "";
  try {
    json = JSON.stringify(error) ?? "";
  } catch {
    // a cyclic error cannot be serialised; the other texts still cover it
  }
  return [error.message, String(error.stack), inspect(error, { depth: 8, maxStringLength: Number.POSITIVE_INFINITY }), json];
}

/** The words canaries are made of; a fragment made only of them says nothing about which secret leaked. */
const MARKER = "SECRET-CANARY-TOKEN-ENV-DISK-SHORT-SECRET-CANARY";

/**
 * The secrets (or fragments of them) found in a text. Canaries (secrets containing "CANARY") are also
 * looked for in windows of 8 characters, because some messages quote a slice of the input around an
 * error (V8's JSON.parse does); windows made only of the marker words are skipped.
 */
export function leaksIn(text: string, secrets: readonly string[]): string[] {
  const found: string[] = [];
  for (const secret of secrets) {
    if (text.includes(secret)) {
      found.push(secret);
      continue;
    }
    if (!secret.includes("CANARY")) continue;
    for (let i = 0; i + 8 <= secret.length; i++) {
      const window = secret.slice(i, i + 8);
      if (MARKER.includes(window) || !text.includes(window)) continue;
      found.push(`${secret} (fragment "${window}")`);
      break;
    }
  }
  return found;
}
