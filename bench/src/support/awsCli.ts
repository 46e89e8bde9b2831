import { execFile, spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { promisify } from "node:util";
import type { Context } from "../harness/types";
import type { S3Env } from "./s3";

const run = promisify(execFile);

export interface AwsCli {
  /** `aws --version`, e.g. `aws-cli/2.9.19 Python/3.11.2 Linux/6.1.0 source/x86_64.debian.12`. */
  version: string;
  /** Runs `aws <args>` against the bench's S3 endpoint (standard input from `stdinFile`); resolves with the wall time in ms, rejects on failure. */
  run(args: readonly string[], stdinFile?: string): Promise<number>;
}

let found: Promise<string> | undefined;

/**
 * The AWS CLI on PATH; when there is none, Debian's `awscli` package is installed (apt-get, as root). It gets
 * the endpoint (`env`'s, so the WAN profile's proxy when given) and keys through its environment, and the
 * checksum setting our S3 Types use for a non-AWS endpoint (WHEN_REQUIRED), so that both sides send the
 * same requests.
 */
export async function awsCli(context: Context, env: S3Env): Promise<AwsCli> {
  found ??= locate(context);
  const version = await found;
  const childEnv = {
    ...process.env,
    AWS_ACCESS_KEY_ID: env.accessKey,
    AWS_SECRET_ACCESS_KEY: env.secretKey,
    AWS_DEFAULT_REGION: env.region,
    AWS_REQUEST_CHECKSUM_CALCULATION: "when_required",
    AWS_RESPONSE_CHECKSUM_VALIDATION: "when_required",
    AWS_PAGER: "",
  };
  return {
    version,
    run: (args, stdinFile) =>
      new Promise((resolve, reject) => {
        const started = process.hrtime.bigint();
        const stdin = stdinFile === undefined ? undefined : openSync(stdinFile, "r");
        const child = spawn("aws", ["--endpoint-url", env.endpoint, ...args], { env: childEnv, stdio: [stdin ?? "ignore", "ignore", "pipe"] });
        if (stdin !== undefined) closeSync(stdin);
        let stderr = "";
        (child.stderr as NodeJS.ReadableStream).setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
        child.on("error", reject);
        child.on("close", (code) => {
          if (code === 0) resolve(Number(process.hrtime.bigint() - started) / 1e6);
          else reject(new Error(`aws ${args.join(" ")} exited with ${code}:\n${stderr.slice(-3000)}`));
        });
      }),
  };
}

async function locate(context: Context): Promise<string> {
  let version = await versionOf().catch(() => undefined);
  if (version === undefined) {
    context.log("the AWS CLI is not installed: apt-get install awscli (Debian's package)");
    const aptGet = (args: string[]) =>
      run("apt-get", args, { timeout: 15 * 60_000, maxBuffer: 16 << 20, env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
    const install = ["install", "-y", "--no-install-recommends", "awscli"];
    // A fresh machine may have no package lists yet.
    await aptGet(install).catch(async () => {
      await aptGet(["update"]);
      await aptGet(install);
    });
    version = await versionOf();
  }
  context.log(`AWS CLI: ${version}`);
  return version;
}

async function versionOf(): Promise<string> {
  const { stdout, stderr } = await run("aws", ["--version"], { timeout: 60_000 });
  return (stdout || stderr).trim();
}
