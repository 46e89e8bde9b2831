import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ResultRow } from "../src/harness/types";

const BENCH = path.join(__dirname, "..");

// The runner end to end on the scenarios that need no server: it must run, print its table and write
// well-formed rows. Speed is not asserted here (that is what `pnpm bench` reports).
it("runs the core scenarios in --quick mode and writes their rows", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-smoke-"));
  try {
    const out = path.join(dir, "results.json");
    const run = spawnSync(
      process.execPath,
      [
        "--expose-gc",
        "-C",
        "source",
        "-r",
        path.join(BENCH, "src/loader.js"),
        path.join(BENCH, "run.ts"),
        "--quick",
        "--only",
        "core/",
        "--runs",
        "1",
        "--out",
        out,
      ],
      { encoding: "utf8", timeout: 60_000 },
    );
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr }).toEqual({ status: 0, stderr: "" });
    expect(run.stdout).toMatch(/createApp, 1,000 elements/);
    const rows = JSON.parse(readFileSync(out, "utf8")) as ResultRow[];
    expect(rows.map((row) => [row.scenario, row.unit, row.target])).toEqual([
      ["createApp, 1,000 elements", "ms", "<= 2x"],
      ["hot getElement (1,024 loaded instances)", "ns/op", "<= 3x"],
    ]);
    for (const row of rows) {
      expect(row.ours).toBeGreaterThan(0);
      expect(row.baseline).toBeGreaterThan(0);
      expect(row.ratio).toBeCloseTo(row.ours / row.baseline, 2);
      expect(typeof row.met).toBe("boolean");
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 60_000);
