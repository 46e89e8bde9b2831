import picomatch from "picomatch";
import { countOption } from "../countOption";
import { CliError } from "../errors";

/**
 * A predicate for `--exclude` globs, matched against keys relative to the side (`lib/x.js`). A glob without
 * a `/` also matches base names, so `*.map` leaves out maps in every folder; `*` stops at `/`, `**` does not.
 */
export function excludeMatcher(globs: readonly string[] | undefined): (key: string) => boolean {
  if (!globs || globs.length === 0) return () => false;
  const matchers = globs.map((glob) => {
    if (glob.trim() === "") throw new CliError("E_USAGE", "--exclude needs a glob, not an empty string");
    return picomatch(glob, { dot: true, basename: !glob.includes("/") });
  });
  return (key) => matchers.some((matches) => matches(key));
}

/** `--concurrency`: a whole number of transfers at once, 1 to 256. */
export const parseConcurrency = countOption("--concurrency");

/** Transfers at once by default: enough to hide each request's latency, few enough for a small server. */
export const DEFAULT_CONCURRENCY = 16;
