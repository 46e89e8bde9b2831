import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

const repo = path.resolve(__dirname, "../../..");
const run = promisify(execFile);

describe("the README's tutorial application", () => {
  it("examples/my-app/main.ts uploads, downloads, fetches a signed URL and catches E_NOT_FOUND", async () => {
    const { stdout } = await run(process.execPath, ["-C", "source", "-r", "ts-node/register", "examples/my-app/main.ts"], {
      cwd: repo,
      env: { ...process.env, TS_NODE_PROJECT: "tsconfig.node.json", NODE_OPTIONS: "" },
    });
    expect(stdout.trim().split("\n")).toEqual(["Hello, Elemental!", "Hello, Elemental!", "E_NOT_FOUND"]);
  }, 60_000);
});
