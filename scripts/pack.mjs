// `pnpm pack:all [folder]`: builds the publishable packages and packs each into folder (default: packs/),
// as `pnpm publish` would (workspace ranges replaced, publishConfig applied). Prints the tarball paths.
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

const repo = path.resolve(import.meta.dirname, "..");
const out = path.resolve(process.argv[2] ?? path.join(repo, "packs"));

// The pnpm that runs this script (npm_execpath), so that `npx -y pnpm@9 ...` needs no global pnpm.
function pnpm(args, options) {
  const own = process.env.npm_execpath;
  const [file, ...prefix] = own && /pnpm/.test(path.basename(own)) ? [process.execPath, own] : ["pnpm"];
  return execFileSync(file, [...prefix, ...args], { encoding: "utf8", ...options });
}

mkdirSync(out, { recursive: true });
pnpm(["-s", "build"], { cwd: repo, stdio: "inherit" });
for (const name of readdirSync(path.join(repo, "packages")).sort()) {
  const dir = path.join(repo, "packages", name);
  const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8"));
  if (pkg.private) continue;
  const printed = pnpm(["pack", "--pack-destination", out], { cwd: dir });
  console.log(printed.trim().split("\n").pop());
}
