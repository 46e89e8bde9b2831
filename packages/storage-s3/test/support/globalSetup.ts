import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

const REPO = path.resolve(__dirname, "../../../..");

/**
 * Gives the tests an S3 endpoint in S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY and S3_REGION: the one in the
 * environment when S3_ENDPOINT is set (any S3-compatible server), else a local Ceph RGW started (or found
 * running) by scripts/s3/start.sh. Test workers are started after this and inherit process.env.
 */
export default function globalSetup(): void {
  if (process.env.S3_ENDPOINT) {
    for (const name of ["S3_ACCESS_KEY", "S3_SECRET_KEY"]) {
      if (!process.env[name]) throw new Error(`S3_ENDPOINT is set, so ${name} must be set too`);
    }
    process.env.S3_REGION ||= "us-east-1";
    return;
  }
  execFileSync("bash", [path.join(REPO, "scripts/s3/start.sh")], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
  const stateDir = process.env.ELEMENTAL_S3_DIR ?? path.join(REPO, ".s3");
  for (const line of readFileSync(path.join(stateDir, "env"), "utf8").split("\n")) {
    const match = /^(S3_[A-Z_]+)=(.*)$/.exec(line.trim());
    if (match?.[1] && match[2] !== undefined) process.env[match[1]] = match[2];
  }
  process.env.ELEMENTAL_S3_LOCAL = "1";
}
