import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { LOADER } from "../harness/child";

export interface ServerChild {
  url: string;
  /** The child's peak resident set size so far (VmHWM), in MiB. */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** Starts serverChild.ts (`ours` on an application root, `bare` on a directory) in a fresh Node process. */
export function spawnServer(mode: "ours" | "bare", root: string): Promise<ServerChild> {
  const child = spawn(process.execPath, ["-C", "source", "-r", LOADER, path.join(__dirname, "serverChild.ts"), mode, root], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      out += chunk;
      const line = out.split("\n").find((candidate) => candidate.startsWith("{"));
      if (!line) return;
      resolve({
        url: (JSON.parse(line) as { url: string }).url,
        peakRssMiB: () => Number(/^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? Number.NaN) / 1024,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once("exit", () => done());
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) => reject(new Error(`server child (${mode}) exited with ${code}: ${stderr.slice(-2000)}`)));
  });
}
