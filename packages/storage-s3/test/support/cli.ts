import { execFile } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(__dirname, "../../../..");

/** Runs the `elemental` command (packages/cli's TypeScript entry) in a new process, in `cwd`. */
export function elemental(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string | undefined> = { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.node.json") };
  delete env.NODE_OPTIONS;
  const entry = ["-C", "source", "-r", require.resolve("ts-node/register", { paths: [REPO] }), path.join(REPO, "packages/cli/src/main.ts")];
  return new Promise((resolve) => {
    execFile(process.execPath, [...entry, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? ((error as { code?: unknown }).code as number) : 0;
      resolve({ code: typeof code === "number" ? code : -1, stdout, stderr });
    });
  });
}
