import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The folder the user ran the command in. `pnpm elemental ...` runs the root package script with the
 * repository root as its cwd and the user's folder in INIT_CWD; only then is INIT_CWD the right answer
 * (inside another package script that calls the `elemental` bin, the script's own cwd is).
 */
export function userCwd(env: NodeJS.ProcessEnv = process.env): string {
  const fromPnpm = env.npm_lifecycle_event === "elemental" ? env.INIT_CWD : undefined;
  return fromPnpm && existsSync(fromPnpm) ? fromPnpm : process.cwd();
}

/** The nearest folder, from `start` upwards, that holds an app.json; undefined when none does. */
export function findAppRoot(start: string): string | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "app.json"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}
