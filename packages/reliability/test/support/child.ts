import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { REPO_ROOT } from "./s3Env";

/**
 * Starts a TypeScript file of this folder in its own Node process, as the repository's scripts run
 * (ts-node, tsconfig.node.json, the `source` export condition). Its stdout comes back line by line.
 */
export function spawnTs(file: string, args: string[]): { child: ChildProcess; lines: AsyncIterator<string>; exited: Promise<number | string> } {
  const env: NodeJS.ProcessEnv = { ...process.env, TS_NODE_PROJECT: path.join(REPO_ROOT, "tsconfig.node.json") };
  delete env.NODE_OPTIONS; // jest's --experimental-vm-modules is not for the child
  const child = spawn(process.execPath, ["-C", "source", "-r", "ts-node/register", path.join(__dirname, file), ...args], {
    cwd: REPO_ROOT,
    env,
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? code ?? -1)));
  return { child, lines: lineReader(child, () => stderr), exited };
}

function lineReader(child: ChildProcess, stderr: () => string): AsyncIterator<string> {
  const queue: string[] = [];
  const waiting: Array<(result: IteratorResult<string>) => void> = [];
  let buffered = "";
  let ended = false;
  child.stdout?.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    for (let newline = buffered.indexOf("\n"); newline >= 0; newline = buffered.indexOf("\n")) {
      const line = buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
      const next = waiting.shift();
      if (next) next({ value: line, done: false });
      else queue.push(line);
    }
  });
  child.once("exit", () => {
    ended = true;
    for (const next of waiting.splice(0)) next({ value: `exited; stderr: ${stderr()}`, done: true });
  });
  return {
    next: () =>
      new Promise((resolve) => {
        const line = queue.shift();
        if (line !== undefined) resolve({ value: line, done: false });
        else if (ended) resolve({ value: `exited; stderr: ${stderr()}`, done: true });
        else waiting.push(resolve);
      }),
  };
}

/** The next line the child prints; fails (with its stderr) when it exits first. */
export async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const { value, done } = await lines.next();
  if (done) throw new Error(`the child process ${value}`);
  return value;
}
