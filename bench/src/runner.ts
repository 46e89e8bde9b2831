import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Flags, selected } from "./harness/flags";
import { interleave } from "./harness/interleave";
import { buildRows } from "./harness/rows";
import type { Context, ResultRow, Scenario } from "./harness/types";

export interface RunOutcome {
  rows: ResultRow[];
  failures: Array<{ id: string; error: Error }>;
}

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export function contextFor(flags: Flags, log: (message: string) => void): Context {
  const tmpDir = mkdtempSync(path.join(os.tmpdir(), "elemental-bench-"));
  // bench/app's storages.BenchDisk keeps its objects here (its config reads ${BENCH_DISK_DIR}).
  process.env.BENCH_DISK_DIR = path.join(tmpDir, "disk-storage");
  return {
    quick: flags.quick,
    profile: flags.profile,
    full: flags.full,
    // A WAN run moves each object at one connection's capped rate on its slow sides: 3 runs keep it under ~15 minutes.
    runs: flags.runs ?? (flags.quick || flags.profile === "wan" ? 3 : 5),
    runsExplicit: flags.runs !== undefined,
    warmups: flags.warmups ?? 1,
    repoRoot: REPO_ROOT,
    tmpDir,
    log,
  };
}

/** Runs the selected scenarios one after another; a failing scenario is reported and the others still run. */
export async function runScenarios(scenarios: readonly Scenario[], flags: Flags, context: Context): Promise<RunOutcome> {
  const outcome: RunOutcome = { rows: [], failures: [] };
  try {
    for (const scenario of scenarios.filter((s) => selected(s.id, flags.only))) {
      const started = Date.now();
      context.log(`${scenario.id}: preparing`);
      try {
        const plan = await scenario.prepare(context);
        const runs = context.quick || context.runsExplicit ? context.runs : Math.max(context.runs, plan.minRuns ?? 0);
        try {
          const samples = await interleave(plan.sides, {
            warmups: context.warmups,
            runs,
            afterSample: plan.afterSample,
            onSample: (side, round, warmup) => {
              if (side === Object.keys(plan.sides)[0]) context.log(`${scenario.id}: ${warmup ? "warm-up" : `run ${round - context.warmups + 1}/${runs}`}`);
            },
          });
          outcome.rows.push(...buildRows(plan.unit, plan.rows, samples));
        } finally {
          await plan.dispose?.();
        }
        context.log(`${scenario.id}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        context.log(`${scenario.id}: FAILED: ${failure.message}`);
        outcome.failures.push({ id: scenario.id, error: failure });
      }
    }
  } finally {
    rmSync(context.tmpDir, { recursive: true, force: true });
  }
  return outcome;
}
