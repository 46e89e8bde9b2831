import type { ResultRow } from "./types";

/** A figure with three significant digits (more for large whole numbers), and its unit. */
export function formatValue(value: number, unit: string): string {
  return `${formatNumber(value)} ${unit}`;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  if (abs >= 1000) return Math.round(value).toLocaleString("en-US");
  if (abs >= 100) return value.toFixed(0);
  if (abs >= 10) return value.toFixed(1);
  if (abs >= 1) return value.toFixed(2);
  return value.toPrecision(3);
}

function rssText(row: ResultRow): string {
  if (row.oursPeakRssMiB === undefined) return "";
  const ours = `${row.oursPeakRssMiB.toFixed(0)}`;
  const base = row.baselinePeakRssMiB === undefined ? "-" : row.baselinePeakRssMiB.toFixed(0);
  const limit = row.rssLimitMiB === undefined ? "" : ` (<= ${row.rssLimitMiB})`;
  return `${ours} / ${base} MiB${limit}`;
}

export const TABLE_HEADER = ["scenario", "ours", "baseline", "ratio", "target", "met", "peak RSS ours / base"];

/** The rows as table cells, in the order of TABLE_HEADER. */
export function tableCells(rows: readonly ResultRow[]): string[][] {
  return rows.map((row) => [
    row.scenario,
    formatValue(row.ours, row.unit),
    `${formatValue(row.baseline, row.unit)} (${row.baselineName})`,
    `${row.ratio.toFixed(2)}x`,
    row.target,
    row.met ? "yes" : "NO",
    rssText(row),
  ]);
}

/** A plain-text table with aligned columns (numbers right-aligned). */
export function formatTable(rows: readonly ResultRow[]): string {
  const cells = [TABLE_HEADER, ...tableCells(rows)];
  const widths = TABLE_HEADER.map((_, column) => Math.max(...cells.map((line) => (line[column] ?? "").length)));
  const rightAligned = new Set([1, 2, 3]);
  const render = (line: string[]): string =>
    line
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  const rule = widths.map((width) => "-".repeat(width)).join("  ");
  return [render(TABLE_HEADER), rule, ...cells.slice(1).map(render)].join("\n");
}

/** The same rows as a Markdown table, for bench/README.md. */
export function formatMarkdown(rows: readonly ResultRow[]): string {
  const escapePipes = (cell: string): string => cell.replace(/\|/g, "\\|");
  const lines = [TABLE_HEADER, ...tableCells(rows)].map((line) => `| ${line.map(escapePipes).join(" | ")} |`);
  lines.splice(1, 0, `|${TABLE_HEADER.map((_, i) => ([1, 2, 3].includes(i) ? "---:" : "---")).join("|")}|`);
  return lines.join("\n");
}
