import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { ResultRow } from "./types";

/**
 * Writes the rows as a JSON array. With `merge`, rows of scenarios not measured this time are kept from
 * the existing file (so `--only` refreshes some rows without dropping the others).
 */
export function writeResults(file: string, rows: readonly ResultRow[], merge: boolean): ResultRow[] {
  let all: ResultRow[] = [...rows];
  if (merge && existsSync(file)) {
    const previous = JSON.parse(readFileSync(file, "utf8")) as ResultRow[];
    const fresh = new Map(rows.map((row) => [row.scenario, row]));
    all = previous.map((row) => fresh.get(row.scenario) ?? row);
    for (const row of rows) if (!previous.some((old) => old.scenario === row.scenario)) all.push(row);
  }
  writeFileSync(file, `${JSON.stringify(all, rounded, 2)}\n`);
  return all;
}

/** Keeps results.json readable: figures to 4 significant digits. */
function rounded(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isInteger(value) ? Number(value.toPrecision(4)) : value;
}
