/** Up to three names close to `wanted`, closest first. */
export function nearNames(wanted: string, candidates: Iterable<string>): string[] {
  if (typeof wanted !== "string" || wanted.length > 200) return [];
  // Loaded on this error path only: a healthy start-up never needs it.
  const { distance } = require("fastest-levenshtein") as typeof import("fastest-levenshtein");
  const lower = wanted.toLowerCase();
  const lastSegment = lower.slice(lower.lastIndexOf(".") + 1);
  const scored: Array<{ name: string; score: number }> = [];
  for (const name of candidates) {
    const candidate = name.toLowerCase();
    let score = distance(lower, candidate);
    if (candidate === lower) score = 0;
    else if (candidate.endsWith(`.${lastSegment}`)) score = Math.min(score, 1);
    if (score <= Math.max(2, Math.floor(wanted.length / 3))) scored.push({ name, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map((s) => s.name);
}

export function suggestionText(wanted: string, candidates: Iterable<string>): string {
  const near = nearNames(wanted, candidates);
  return near.length > 0 ? ` Did you mean ${near.map((n) => `"${n}"`).join(", ")}?` : "";
}
