import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export interface Outcome {
  code: number;
  stdout: string;
  bytes: Buffer;
  stderr: string;
  ms: number;
}

/** The Node.js binary of a major version: this one, or the npm registry's `node` package (npx caches it). */
export function nodeBinary(major: number): string {
  if (Number(process.versions.node.split(".")[0]) === major) return process.execPath;
  return execFileSync("npx", ["-y", `node@${major}`, "-p", "process.execPath"], { encoding: "utf8", env: cleanEnv(process.execPath), timeout: 300_000 }).trim();
}

/** The tarballs that globalSetup packed. */
export function tarballs(): string[] {
  const dir = process.env.ELEMENTAL_PACKS;
  if (!dir) throw new Error("ELEMENTAL_PACKS is not set; the package's jest globalSetup packs the packages");
  return readdirSync(dir)
    .filter((name) => name.endsWith(".tgz"))
    .map((name) => path.join(dir, name));
}

/**
 * An application folder under the system temp folder, far from the workspace, whose commands (npm, npx,
 * node, the installed bins) run on the given Node binary, with none of the workspace's environment.
 */
export class OutsideApp {
  constructor(
    readonly node: string,
    readonly root = mkdtempSync(path.join(tmpdir(), "elemental-outside-")),
  ) {}

  run(command: string, args: readonly string[], options: { env?: Record<string, string>; input?: Buffer } = {}): Promise<Outcome> {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: this.root,
      env: { ...cleanEnv(this.node), ...options.env },
      stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"],
    });
    child.stdin?.end(options.input);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
    return new Promise((resolve, reject) => {
      child.on("error", reject);
      child.on("close", (code) => {
        const bytes = Buffer.concat(out);
        resolve({ code: code ?? -1, stdout: bytes.toString("utf8"), bytes, stderr: Buffer.concat(err).toString("utf8"), ms: performance.now() - started });
      });
    });
  }

  /** `npx elemental ...`, as the README tells a user. */
  elemental(args: readonly string[], options: { env?: Record<string, string>; input?: Buffer } = {}): Promise<Outcome> {
    return this.run("npx", ["elemental", ...args], options);
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The process environment without what pnpm, npm and jest set, with `node` on PATH first. */
function cleanEnv(node: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(npm_|pnpm_|PNPM_|NODE_OPTIONS$|INIT_CWD$|JEST_|AWS_SDK_JS_NODE_VERSION)/.test(name)) continue;
    env[name] = value;
  }
  env.PATH = `${path.dirname(node)}${path.delimiter}${env.PATH ?? ""}`;
  env.npm_config_update_notifier = "false";
  return env;
}

/** Fails with the command's output when it did not exit 0. */
export function expectOk(outcome: Outcome, what: string): Outcome {
  if (outcome.code !== 0) throw new Error(`${what} exited ${outcome.code}\n--- stdout\n${outcome.stdout}\n--- stderr\n${outcome.stderr}`);
  return outcome;
}
