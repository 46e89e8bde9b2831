import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import type { Sample } from "./types";

export const LOADER = path.join(__dirname, "..", "loader.js");
const CHILD_MAIN = path.join(__dirname, "..", "childMain.ts");

export interface ChildRun {
  sample: Sample;
  /** Wall time from spawn to exit, in milliseconds. */
  wallMs: number;
}

/**
 * Runs one bench task in a fresh Node process, so that its peak RSS (VmHWM, see peakRss.ts)
 * is the task's own and nothing it loads stays around. The child compiles TypeScript with the light
 * loader beside this file (cached on disk), never with ts-node.
 */
export async function runChild(task: string, args: unknown, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<ChildRun> {
  let run = await runChildOnce(task, args, options);
  // A child that compiled TypeScript (a source changed since the warm-up) carried swc in its RSS and time.
  if (run.compiled > 0) run = await runChildOnce(task, args, options);
  return { sample: run.sample, wallMs: run.wallMs };
}

async function runChildOnce(task: string, args: unknown, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<ChildRun & { compiled: number }> {
  const { stdout, wallMs } = await runNode(["-C", "source", "-r", LOADER, CHILD_MAIN, task, JSON.stringify(args ?? {})], options.timeoutMs, options.env);
  const last = stdout.trim().split("\n").at(-1) ?? "";
  let parsed: Sample & { compiled?: number };
  try {
    parsed = JSON.parse(last) as Sample & { compiled?: number };
  } catch {
    throw new Error(`bench task "${task}" printed no result (last line: ${JSON.stringify(last.slice(0, 200))})`);
  }
  const { compiled = 0, ...sample } = parsed;
  return { sample, wallMs, compiled };
}

/** Starts one bench task in a Node process and leaves it to the caller (who may kill it part-way). */
export function spawnChild(task: string, args: unknown, env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(process.execPath, ["-C", "source", "-r", LOADER, CHILD_MAIN, task, JSON.stringify(args ?? {})], { stdio: "ignore", env });
}

/** Runs `node <args>`, resolving with its stdout and wall time; rejects on a non-zero exit or timeout. */
export function runNode(args: readonly string[], timeoutMs = 30 * 60_000, env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; wallMs: number }> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve({ stdout, wallMs });
      else reject(new Error(`node ${args.slice(-2).join(" ").slice(0, 200)} exited with ${signal ?? code}:\n${stderr.slice(-3000)}`));
    });
  });
}
