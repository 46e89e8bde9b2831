import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { ResultRow } from "../src/harness/types";

const BENCH = path.join(__dirname, "..");

// `pnpm bench --profile wan` in --quick form (16 MiB, one run), so that the WAN profile (shaping proxy,
// AWS CLI, raw-SDK sides, our transfers) cannot rot. Speed is not asserted: every side must run and check
// its bytes, and every row must come out.
it("runs the WAN profile in --quick mode and writes its rows", () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "bench-wan-"));
  try {
    const out = path.join(dir, "results.json");
    const args = ["--expose-gc", "-C", "source", "-r", path.join(BENCH, "src/loader.js"), path.join(BENCH, "run.ts")];
    const run = spawnSync(process.execPath, [...args, "--profile", "wan", "--quick", "--runs", "1", "--warmups", "0", "--out", out], {
      encoding: "utf8",
      timeout: 300_000,
    });
    expect({ status: run.status, stderr: run.status === 0 ? "" : run.stderr.slice(-3000) }).toEqual({ status: 0, stderr: "" });
    expect(run.stderr).toMatch(/WAN link: .* 25 MiB\/s per connection each way, \+10 ms each way/);
    expect(run.stderr).toMatch(/AWS CLI: aws-cli\//);
    const rows = JSON.parse(readFileSync(out, "utf8")) as ResultRow[];
    expect(rows.map((row) => row.scenario)).toEqual([
      "uploadByPath 16 MiB vs aws s3 cp",
      "uploadByPath 16 MiB vs raw SDK",
      "uploadByPath 16 MiB vs Flydrive",
      "uploadStream 16 MiB, length unknown vs aws s3 cp",
      "uploadStream 16 MiB, length unknown vs aws s3 cp -",
      "uploadStream 16 MiB, length unknown vs raw SDK",
      "uploadStream 16 MiB, length unknown vs Flydrive",
      "downloadToFile 16 MiB vs aws s3 cp",
      "downloadToFile 16 MiB vs raw SDK",
      "downloadToFile 16 MiB vs Flydrive",
      "downloadStream 16 MiB to a file vs aws s3 cp",
      "downloadStream 16 MiB to a file vs raw SDK",
      "downloadStream 16 MiB to a file vs Flydrive",
      "kill -9 at 50% of 32 MiB, then resume: MiB sent again, queueSize 16 (default)",
      "kill -9 at 50% of 32 MiB, then resume: MiB sent again, queueSize 1 (put --parallel 1)",
    ]);
    const [transfers, resumes] = [rows.filter((row) => row.unit === "MiB/s"), rows.filter((row) => row.unit === "MiB")];
    for (const row of resumes) {
      // Both runs' bytes minus the size: at least the second run's requests, at most the parts in flight (4 of 8 MiB).
      expect(row.ours).toBeGreaterThan(0);
      expect(row.ours).toBeLessThan(32);
      expect(row.baseline).toBe(8);
    }
    for (const row of transfers) {
      expect(row.ours).toBeGreaterThan(0);
      expect(row.baseline).toBeGreaterThan(0);
      expect(row.oursPeakRssMiB).toBeGreaterThan(0);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 300_000);
