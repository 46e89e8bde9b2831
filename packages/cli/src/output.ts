/** What a command hands back; the runner prints it as text, or as one JSON document with --json. */
export interface CommandResult {
  /** The JSON document printed with --json. */
  data: unknown;
  /** What a person reads, one string per line. */
  lines: string[];
  /** Defaults to 0. */
  exitCode?: number;
  /** Lines printed on stderr whatever the mode, e.g. `error E_CODE: ...` for the keys `rm` could not delete. */
  errors?: string[];
  /** Print on stderr: stdout carries the object's bytes (`get <element> <key> -`). */
  toStderr?: boolean;
}

export function printResult(result: CommandResult, json: boolean): void {
  const stream = result.toStderr ? process.stderr : process.stdout;
  const text = json ? JSON.stringify(result.data, null, 2) : result.lines.join("\n");
  if (text !== "") stream.write(`${text}\n`);
}

/** Aligned columns; the last column is not padded. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? "").length)));
  return all.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd(),
  );
}

/** `1 element`, `2 elements`: a count with its noun, plural but for one. */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** `1536` -> `1.5 KiB`; exact below 1 KiB. */
export function humanBytes(bytes: number): string {
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = "B";
  for (const next of units) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return unit === "B" ? `${bytes} B` : `${value.toFixed(1)} ${unit}`;
}

/** Replaces the user's folder in absolute paths with `.` so that messages stay short. */
export function shortenPaths(text: string, cwd: string): string {
  if (cwd === "/" || cwd === "") return text;
  return text.split(`${cwd}/`).join("");
}
