import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

export const REPO = path.resolve(__dirname, "../../../..");
const MAIN = path.join(REPO, "packages/cli/src/main.ts");
const TS_NODE = require.resolve("ts-node/register", { paths: [REPO] });

export interface Outcome {
  code: number;
  stdout: string;
  /** stdout as bytes, for `get ... -`. */
  bytes: Buffer;
  stderr: string;
}

export interface RunOptions {
  cwd: string;
  env?: Record<string, string>;
  /** Run the installed bin (bin/elemental.js) instead of the TypeScript entry. */
  bin?: boolean;
  /** Bytes for standard input (none: stdin is closed). */
  input?: Buffer | string;
  /** Run it on a terminal (a pseudo-terminal made by util-linux `script`): stdout and stderr both arrive in `stdout`. */
  tty?: boolean;
}

/** Runs the `elemental` command as a user would: a new process, in a folder, with arguments. */
export function elemental(args: readonly string[], options: RunOptions): Promise<Outcome> {
  const entry = options.bin ? [path.join(REPO, "packages/cli/bin/elemental.js")] : ["-C", "source", "-r", TS_NODE, MAIN];
  const env: Record<string, string | undefined> = { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.node.json"), ...options.env };
  for (const name of ["NODE_OPTIONS", "INIT_CWD", "npm_lifecycle_event"]) delete env[name];
  const line = [process.execPath, ...entry, ...args];
  const [command, ...commandArgs] = options.tty ? ["script", "-qefc", line.map(shellQuote).join(" "), "/dev/null"] : line;
  const child = spawn(command as string, commandArgs, { cwd: options.cwd, env, stdio: [options.input === undefined ? "ignore" : "pipe", "pipe", "pipe"] });
  child.stdin?.end(options.input);
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr?.on("data", (chunk: Buffer) => err.push(chunk));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const bytes = Buffer.concat(out);
      resolve({ code: code ?? -1, stdout: bytes.toString("utf8"), bytes, stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A temporary application folder with an app.json and the given files (path -> text or JSON). */
export function tempApp(appJson: object, files: Record<string, string | object> = {}): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-cli-"));
  writeFileSync(path.join(root, "app.json"), JSON.stringify(appJson));
  for (const [file, content] of Object.entries(files)) {
    const target = path.join(root, file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, typeof content === "string" ? content : JSON.stringify(content));
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** No stack trace: no `    at ` frames. */
export const STACK_FRAME = /^\s+at /m;
