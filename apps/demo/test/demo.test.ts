import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const repo = path.resolve(__dirname, "../../..");

/** Runs a TypeScript entry point of the repository as `pnpm demo` and `pnpm ts` do; resolves to its stdout. */
async function runTs(file: string): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ["-C", "source", "-r", "ts-node/register", file], {
    cwd: repo,
    env: { ...process.env, TS_NODE_PROJECT: "tsconfig.node.json", NODE_OPTIONS: "" },
  });
  return stdout;
}

describe("pnpm demo", () => {
  it("runs the seed usage on the default storage and exits 0", async () => {
    const stdout = await runTs("apps/demo/src/main.ts");
    expect(stdout).toContain("Elemental demo on storages.Default (storages.DiskType)");
    expect(stdout).toContain("ok  HTTP 200, text/plain");
    expect(stdout).toContain("refused with E_INVALID_KEY");
    expect(stdout).not.toContain("FAIL");
    expect(stdout).toMatch(/All steps passed/);
  }, 60_000);
});
