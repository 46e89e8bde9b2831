export interface Flags {
  quick: boolean;
  /** Substrings; a scenario runs if its id contains any of them (all run when empty). */
  only: string[];
  runs: number | undefined;
  warmups: number | undefined;
  out: string | undefined;
  help: boolean;
  /** loopback (the default: S3 as it is) or wan (through the shaping proxy, see support/wanLink.ts). */
  profile: "loopback" | "wan";
  /** The WAN profile's 1 GiB rows too (several minutes each side at one connection's rate). */
  full: boolean;
}

export const USAGE = `usage: pnpm bench [--profile loopback|wan] [--full] [--quick] [--only <substring>[,<substring>...]] [--runs N] [--warmups N] [--out FILE]
  --profile   loopback (default): S3 as it is; wan: every connection to S3 capped at 25 MiB/s each way with
              10 ms added each way (the shaping proxy), large transfers against the AWS CLI and the raw SDK
  --full      with --profile wan: 1 GiB rows as well as 256 MiB (adds about 15 minutes)
  --quick     smoke check: fewer runs, smaller sizes (64 MiB instead of 1 GiB, 1,000 elements instead of 10,000)
  --only      run only the scenarios whose id contains one of the substrings (repeatable), e.g. --only core/
  --runs      measured runs per side (default 5, --quick 2); each figure is their median
  --warmups   unmeasured runs per side first (default 1)
  --out       where to write the results (default bench/results.json; bench/results.quick.json with --quick;
              bench/results.wan.json with --profile wan)`;

export function parseFlags(argv: readonly string[]): Flags {
  const flags: Flags = { quick: false, only: [], runs: undefined, warmups: undefined, out: undefined, help: false, profile: "loopback", full: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [name, inline] = arg.startsWith("--") && arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? argv[++i];
      if (next === undefined || next === "") throw new Error(`${name} needs a value\n${USAGE}`);
      return next;
    };
    switch (name) {
      case "--quick":
        flags.quick = true;
        break;
      case "--only":
        flags.only.push(...value().split(",").filter(Boolean));
        break;
      case "--runs":
        flags.runs = positiveInteger(name, value());
        break;
      case "--warmups":
        flags.warmups = positiveInteger(name, value(), 0);
        break;
      case "--out":
        flags.out = value();
        break;
      case "--profile": {
        const profile = value();
        if (profile !== "loopback" && profile !== "wan") throw new Error(`--profile is loopback or wan, not "${profile}"\n${USAGE}`);
        flags.profile = profile;
        break;
      }
      case "--full":
        flags.full = true;
        break;
      case "--help":
      case "-h":
        flags.help = true;
        break;
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  return flags;
}

function positiveInteger(name: string, text: string, min = 1): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be a whole number >= ${min}, not "${text}"`);
  return value;
}

export function selected(id: string, only: readonly string[]): boolean {
  return only.length === 0 || only.some((part) => id.includes(part));
}
