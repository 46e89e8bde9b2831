import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const repo = path.resolve(__dirname, "../../..");
const run = promisify(execFile);

describe("pnpm demo", () => {
  it("runs the seed usage on the default storage and exits 0", async () => {
    const { stdout } = await run(process.execPath, ["-C", "source", "-r", "ts-node/register", "apps/demo/src/main.ts"], {
      cwd: repo,
      env: { ...process.env, TS_NODE_PROJECT: "tsconfig.node.json", NODE_OPTIONS: "" },
    });
    expect(stdout).toContain("Elemental demo on storages.Default (storages.DiskType)");
    expect(stdout).toContain("ok  HTTP 200, text/plain");
    expect(stdout).toContain("refused with E_INVALID_KEY");
    expect(stdout).not.toContain("FAIL");
    expect(stdout).toMatch(/All steps passed/);
  }, 60_000);
});
