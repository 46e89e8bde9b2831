import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import { type Outcome, REPO } from "./elemental";

const MAIN = path.join(REPO, "packages/cli/src/main.ts");
const TS_NODE = require.resolve("ts-node/register", { paths: [REPO] });

export interface Running {
  child: ChildProcess;
  /** Everything written to stdout so far. */
  stdout(): string;
  stderr(): string;
  /** Resolves once stdout matches. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves when the process has exited. */
  exited: Promise<Outcome>;
}

/** Starts `elemental` as `elemental()` does, but hands back the running process (for serve, and for killing a sync). */
export function startElemental(args: readonly string[], options: { cwd: string; env?: Record<string, string> }): Running {
  const env: Record<string, string | undefined> = { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.node.json"), ...options.env };
  for (const name of ["NODE_OPTIONS", "INIT_CWD", "npm_lifecycle_event"]) delete env[name];
  const child = spawn(process.execPath, ["-C", "source", "-r", TS_NODE, MAIN, ...args], { cwd: options.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
  const stdout = () => Buffer.concat(out).toString("utf8");
  const stderr = () => Buffer.concat(err).toString("utf8");
  const exited = new Promise<Outcome>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const bytes = Buffer.concat(out);
      resolve({ code: code ?? (signal ? -1 : 0), stdout: bytes.toString("utf8"), bytes, stderr: stderr() });
    });
  });
  const waitFor = (pattern: RegExp, timeoutMs = 30_000): Promise<RegExpMatchArray> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => finish(new Error(`no ${pattern} on stdout in ${timeoutMs} ms; stdout: ${stdout()} stderr: ${stderr()}`)), timeoutMs);
      const check = (): void => {
        const match = pattern.exec(stdout());
        if (match) finish(undefined, match);
      };
      const onClose = (): void => finish(new Error(`elemental exited before ${pattern}; stdout: ${stdout()} stderr: ${stderr()}`));
      const finish = (error?: Error, match?: RegExpMatchArray): void => {
        clearTimeout(timer);
        child.stdout?.off("data", check);
        child.off("close", onClose);
        if (error) reject(error);
        else resolve(match as RegExpMatchArray);
      };
      child.stdout?.on("data", check);
      child.once("close", onClose);
      check();
    });
  return { child, stdout, stderr, waitFor, exited };
}

/** A port nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}
