import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseFlags, selected } from "../src/harness/flags";
import { interleave } from "../src/harness/interleave";
import { writeResults } from "../src/harness/results";
import { buildRows } from "../src/harness/rows";
import { median } from "../src/harness/stats";
import { formatMarkdown, formatTable } from "../src/harness/table";
import type { ResultRow, Sample } from "../src/harness/types";

const samples = (...values: number[]): Sample[] => values.map((value) => ({ value }));

describe("median", () => {
  it("takes the middle value of an odd count and the mean of the middle two of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow();
  });
});

describe("interleave", () => {
  it("alternates the sides round by round and drops the warm-up rounds", async () => {
    const calls: string[] = [];
    let n = 0;
    const side = (name: string) => async (): Promise<Sample> => {
      calls.push(name);
      return { value: n++ };
    };
    let cleanups = 0;
    const result = await interleave({ ours: side("ours"), base: side("base") }, { warmups: 1, runs: 3, afterSample: async () => void cleanups++ });
    expect(calls).toEqual(["ours", "base", "ours", "base", "ours", "base", "ours", "base"]);
    expect(result.ours?.map((s) => s.value)).toEqual([2, 4, 6]);
    expect(result.base?.map((s) => s.value)).toEqual([3, 5, 7]);
    expect(cleanups).toBe(8);
  });
});

describe("buildRows", () => {
  it("compares medians, picks the faster of several baselines and checks the RSS limit", () => {
    const [row] = buildRows("MiB/s", [{ scenario: "upload", baseline: ["slow", "fast"], target: { op: ">=", ratio: 1 }, rssLimitMiB: 150 }], {
      ours: [
        { value: 90, rssMiB: 120 },
        { value: 110, rssMiB: 160 },
        { value: 100, rssMiB: 130 },
      ],
      slow: samples(50, 60, 70),
      fast: samples(200, 180, 190),
    });
    expect(row).toMatchObject({ ours: 100, baseline: 190, baselineName: "fast", unit: "MiB/s", target: ">= 1x", met: false, oursPeakRssMiB: 160 });
    expect(row?.ratio).toBeCloseTo(100 / 190);
    expect(row?.sides).toEqual({ slow: 60, fast: 190 });
  });

  it("bounds our peak RSS by the baseline's own peak when the limit is relative", () => {
    const spec = { scenario: "download", baseline: ["raw"], target: { op: ">=" as const, ratio: 0.9 }, rssLimitOfBaseline: 1.1 };
    const raw = [{ value: 100, rssMiB: 100 }];
    const within = buildRows("MiB/s", [spec], { ours: [{ value: 100, rssMiB: 109 }], raw })[0];
    const over = buildRows("MiB/s", [spec], { ours: [{ value: 100, rssMiB: 111 }], raw })[0];
    expect({ met: within?.met, limit: within?.rssLimitMiB }).toEqual({ met: true, limit: 110 });
    expect(over?.met).toBe(false);
  });

  it("takes the lowest time as the best baseline and meets a <= target", () => {
    const [row] = buildRows("ms", [{ scenario: "start", baseline: ["a", "b"], target: { op: "<=", ratio: 2 } }], {
      ours: samples(30, 31, 29),
      a: samples(20, 20, 20),
      b: samples(15, 16, 14),
    });
    expect(row).toMatchObject({ baselineName: "b", ratio: 2, met: true });
  });

  it("judges a check target on our samples, whatever the ratio", () => {
    const spec = { scenario: "start", baseline: ["base"], target: { label: "no AWS", check: (ours: Sample[]) => ours.every((s) => s.detail?.aws === 0) } };
    const ok = buildRows("ms", [spec], { ours: [{ value: 900, detail: { aws: 0 } }], base: samples(10) });
    const bad = buildRows("ms", [spec], { ours: [{ value: 1, detail: { aws: 3 } }], base: samples(10) });
    expect([ok[0]?.met, ok[0]?.target, bad[0]?.met]).toEqual([true, "no AWS", false]);
  });
});

describe("table", () => {
  const row: ResultRow = {
    scenario: "createApp",
    ours: 180.4,
    baseline: 1234.5,
    unit: "ms",
    ratio: 0.146,
    target: "<= 2x",
    met: true,
    baselineName: "bare",
    runs: 5,
    oursPeakRssMiB: 99.6,
    rssLimitMiB: 100,
  };

  it("prints one aligned line per row with figures, ratio, verdict and RSS", () => {
    const lines = formatTable([row, { ...row, scenario: "other", met: false }]).split("\n");
    expect(lines[0]).toMatch(/^scenario\s+ours\s+baseline\s+ratio\s+target\s+met\s+peak RSS/);
    expect(lines[2]).toContain("180 ms");
    expect(lines[2]).toContain("1,235 ms (bare)");
    expect(lines[2]).toContain("0.15x");
    expect(lines[2]).toContain("100 / - MiB (<= 100)");
    expect(lines[3]).toMatch(/\bNO\b/);
    expect(new Set(lines.slice(2).map((line) => line.indexOf("ms (bare)"))).size).toBe(1);
  });

  it("renders Markdown with right-aligned figure columns", () => {
    const markdown = formatMarkdown([row]).split("\n");
    expect(markdown[1]).toBe("|---|---:|---:|---:|---|---|---|");
    expect(markdown[2]).toContain("| createApp | 180 ms |");
  });
});

describe("flags", () => {
  it("parses --quick, repeated or comma-separated --only, --runs and --out", () => {
    expect(parseFlags(["--quick", "--only", "core/,s3/", "--only=disk", "--runs", "7", "--out=x.json"])).toEqual({
      quick: true,
      only: ["core/", "s3/", "disk"],
      runs: 7,
      warmups: undefined,
      out: "x.json",
      help: false,
      profile: "loopback",
      full: false,
    });
    expect(parseFlags(["--profile", "wan", "--full"])).toMatchObject({ profile: "wan", full: true });
    expect(() => parseFlags(["--profile", "moon"])).toThrow(/loopback or wan/);
    expect(() => parseFlags(["--runs", "0"])).toThrow(/whole number/);
    expect(() => parseFlags(["--fast"])).toThrow(/unknown argument/);
    expect(selected("core/createApp", ["core/"])).toBe(true);
    expect(selected("s3/getSignUrl", ["core/"])).toBe(false);
    expect(selected("s3/getSignUrl", [])).toBe(true);
  });
});

describe("writeResults", () => {
  it("replaces the file, or with merge refreshes only the rows measured again", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "bench-results-"));
    try {
      const file = path.join(dir, "results.json");
      const row = (scenario: string, ours: number): ResultRow => ({
        scenario,
        ours,
        baseline: 1,
        unit: "ms",
        ratio: ours,
        target: "<= 2x",
        met: true,
        baselineName: "b",
        runs: 5,
      });
      writeFileSync(file, "[]");
      writeResults(file, [row("a", 1), row("b", 2)], false);
      writeResults(file, [row("b", 1.23456), row("c", 4)], true);
      const stored = JSON.parse(readFileSync(file, "utf8")) as ResultRow[];
      expect(stored.map((r) => [r.scenario, r.ours])).toEqual([
        ["a", 1],
        ["b", 1.235],
        ["c", 4],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
