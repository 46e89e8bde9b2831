import { maxOf, median } from "./stats";
import { type CheckTarget, HIGHER_IS_BETTER, type RatioTarget, type ResultRow, type RowSpec, type Sample, type Unit } from "./types";

/** Turns the samples of a scenario into its result rows: medians, the best baseline, ratio and verdict. */
export function buildRows(unit: Unit, specs: readonly RowSpec[], samples: Record<string, Sample[]>): ResultRow[] {
  const medians = Object.fromEntries(Object.entries(samples).map(([side, list]) => [side, median(list.map((s) => s.value))]));
  const peakRss = (side: string): number | undefined => maxOf((samples[side] ?? []).flatMap((s) => (s.rssMiB === undefined ? [] : [s.rssMiB])));
  return specs.map((spec) => {
    const oursName = spec.ours ?? "ours";
    const ours = medianOf(medians, oursName);
    const baselineName = bestOf(unit, spec.baseline, medians);
    const baseline = medianOf(medians, baselineName);
    const ratio = ours / baseline;
    const oursRss = peakRss(oursName);
    const baselineRss = peakRss(baselineName);
    const limit = Math.min(
      spec.rssLimitMiB ?? Number.POSITIVE_INFINITY,
      (baselineRss ?? Number.NaN) * (spec.rssLimitOfBaseline ?? Number.NaN) || Number.POSITIVE_INFINITY,
    );
    const rssOk = limit === Number.POSITIVE_INFINITY || (oursRss !== undefined && oursRss <= limit);
    const targetMet = isCheck(spec.target) ? spec.target.check(samples[oursName] ?? []) : meets(ratio, spec.target);
    const row: ResultRow = {
      scenario: spec.scenario,
      ours,
      baseline,
      unit,
      ratio,
      target: targetText(spec.target),
      met: targetMet && rssOk,
      baselineName,
      runs: samples[oursName]?.length ?? 0,
    };
    if (oursRss !== undefined) row.oursPeakRssMiB = oursRss;
    if (baselineRss !== undefined) row.baselinePeakRssMiB = baselineRss;
    if (limit !== undefined) row.rssLimitMiB = Math.round(limit);
    if (spec.baseline.length > 1) row.sides = Object.fromEntries(spec.baseline.map((name) => [name, medianOf(medians, name)]));
    const detail = samples[oursName]?.at(-1)?.detail;
    if (detail) row.detail = detail;
    const baselineDetail = samples[baselineName]?.at(-1)?.detail;
    if (baselineDetail) row.baselineDetail = baselineDetail;
    return row;
  });
}

function medianOf(medians: Record<string, number>, side: string): number {
  const value = medians[side];
  if (value === undefined) throw new Error(`no samples for side "${side}"`);
  return value;
}

/** The side with the best median: highest for throughput, lowest for time. */
export function bestOf(unit: Unit, sides: readonly string[], medians: Record<string, number>): string {
  const higher = HIGHER_IS_BETTER[unit];
  let best: string | undefined;
  for (const side of sides) {
    const value = medianOf(medians, side);
    if (best === undefined || (higher ? value > medianOf(medians, best) : value < medianOf(medians, best))) best = side;
  }
  if (best === undefined) throw new Error("a row needs at least one baseline side");
  return best;
}

function isCheck(target: RatioTarget | CheckTarget): target is CheckTarget {
  return "check" in target;
}

export function meets(ratio: number, target: RatioTarget): boolean {
  return target.op === "<=" ? ratio <= target.ratio : ratio >= target.ratio;
}

export function targetText(target: RatioTarget | CheckTarget): string {
  return isCheck(target) ? target.label : `${target.op} ${target.ratio}x`;
}
