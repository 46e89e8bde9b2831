import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const PACKAGE = path.resolve(__dirname, "../..");

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : statSync(full).mtimeMs);
  }
  return latest;
}

/** Runs the package's Vite build when `assets/` is missing or older than a file under `client/`. */
export function buildClientWhenStale(): void {
  const built = path.join(PACKAGE, "assets/index.html");
  if (existsSync(built) && statSync(built).mtimeMs >= newest(path.join(PACKAGE, "client"))) return;
  execFileSync(path.join(PACKAGE, "node_modules/.bin/vite"), ["build", "--config", "client/vite.config.mts", "--logLevel", "warn"], {
    cwd: PACKAGE,
    stdio: ["ignore", "ignore", "inherit"],
    timeout: 300_000,
  });
}
