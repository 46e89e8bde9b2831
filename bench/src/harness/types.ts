/** One measurement of one side: the figure in the scenario's unit, and the peak RSS when taken in a child. */
export interface Sample {
  value: number;
  /** Peak resident set size of the child process that took the sample, in MiB. */
  rssMiB?: number;
  /** Anything else the side wants to report (shown in results.json, never compared). */
  detail?: Record<string, unknown>;
}

/** A side of a comparison: performs one run and measures it. */
export type Side = () => Promise<Sample>;

export type Unit = "ms" | "ns/op" | "ops/s" | "MiB/s" | "MiB";

/** Which direction is good for a unit. */
export const HIGHER_IS_BETTER: Record<Unit, boolean> = { ms: false, "ns/op": false, "ops/s": true, "MiB/s": true, MiB: false };

/** A target on ratio = ours / baseline, e.g. `{ op: "<=", ratio: 2 }` for "at most twice the time". */
export interface RatioTarget {
  op: "<=" | ">=";
  ratio: number;
}

/** A target that is a yes/no check on our side's samples rather than on the ratio. */
export interface CheckTarget {
  label: string;
  check: (ours: Sample[]) => boolean;
}

/** One line of the table: our side against one baseline (or the best of several). */
export interface RowSpec {
  scenario: string;
  /** Side names; with several, the best median among them is the baseline ("the faster of ..."). */
  baseline: string[];
  /** The side that stands for "ours" (default "ours"). */
  ours?: string;
  target: RatioTarget | CheckTarget;
  /** A bound on our side's peak RSS, in MiB; the row is met only if the ratio and this both hold. */
  rssLimitMiB?: number;
  /** A bound on our peak RSS relative to the baseline's own peak (1.1: at most 10 % above it). */
  rssLimitOfBaseline?: number;
}

/** What a scenario's `prepare` returns: its sides, the rows to report, and its housekeeping. */
export interface Plan {
  unit: Unit;
  sides: Record<string, Side>;
  rows: RowSpec[];
  /** Runs after every sample (e.g. delete objects and run RGW's garbage collection). */
  afterSample?: () => Promise<void>;
  /**
   * More measured runs than the default, for scenarios whose sides differ by less than the machine's noise
   * (an explicit --runs, and --quick, still win).
   */
  minRuns?: number;
  /** Runs once after the last sample, even when a side failed. */
  dispose?: () => Promise<void>;
}

export interface Context {
  quick: boolean;
  profile: "loopback" | "wan";
  /** --full: the WAN profile's 1 GiB rows too. */
  full: boolean;
  /** Measured runs per side (each side's figure is the median of these). */
  runs: number;
  /** True when --runs was given, so scenarios do not raise the count. */
  runsExplicit: boolean;
  /** Unmeasured runs per side before the measured ones. */
  warmups: number;
  repoRoot: string;
  /** A fresh temporary folder for this bench run, removed at the end. */
  tmpDir: string;
  log: (message: string) => void;
}

export interface Scenario {
  /** `group/name`; `--only` matches a substring of it. */
  id: string;
  prepare: (context: Context) => Promise<Plan>;
}

/** One row of results.json. */
export interface ResultRow {
  scenario: string;
  ours: number;
  baseline: number;
  unit: Unit;
  /** ours / baseline. */
  ratio: number;
  target: string;
  met: boolean;
  baselineName: string;
  runs: number;
  oursPeakRssMiB?: number;
  baselinePeakRssMiB?: number;
  rssLimitMiB?: number;
  /** Each side's median, when the baseline is the best of several. */
  sides?: Record<string, number>;
  /** The `detail` of our side's last sample, and of the baseline's. */
  detail?: Record<string, unknown>;
  baselineDetail?: Record<string, unknown>;
}
