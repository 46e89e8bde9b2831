import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(__dirname, "../../../..");
const children: ChildProcess[] = [];

/** Starts serverProcess.ts on an application root; resolves with the server's URL. */
export async function serverProcess(root: string): Promise<string> {
  return (await serverChild(root)).url;
}

/** Starts serverProcess.ts; resolves with the server's URL and the child process. */
export function serverChild(root: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["-C", "source", "-r", "ts-node/register", path.join(__dirname, "serverProcess.ts"), root], {
    cwd: REPO,
    env: { ...process.env, NODE_OPTIONS: "", TS_NODE_PROJECT: path.join(REPO, "tsconfig.node.json") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n").find((candidate) => candidate.startsWith("{"));
      if (line) resolve({ url: (JSON.parse(line) as { url: string }).url, child });
    });
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.once("exit", (code) => reject(new Error(`server process exited with ${code}: ${err.slice(0, 2000)}`)));
  });
}

/** Stops every server process started, with SIGTERM (a graceful close), and waits for each to exit. */
export async function stopProcesses(): Promise<void> {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null) return resolve();
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        }),
    ),
  );
}
