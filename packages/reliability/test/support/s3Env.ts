import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";

export interface S3Env {
  endpoint: string;
  accessKey: string;
  secretKey: string;
  region: string;
}

export const REPO_ROOT = path.resolve(__dirname, "../../../..");

let cached: Promise<S3Env> | undefined;

/**
 * The S3-compatible server to test against: the one named by S3_ENDPOINT (with S3_ACCESS_KEY,
 * S3_SECRET_KEY, S3_REGION) when set, else the local Ceph RGW, started by scripts/s3/start.sh (which
 * returns at once when it is already up).
 */
export function readS3Env(): Promise<S3Env> {
  cached ??= load();
  return cached;
}

async function load(): Promise<S3Env> {
  const given = fromVariables(process.env);
  if (given) return given;
  const { stdout } = await promisify(execFile)("bash", [path.join(REPO_ROOT, "scripts/s3/start.sh")], { timeout: 180_000 });
  const variables = Object.fromEntries(
    stdout
      .split("\n")
      .map((line) => /^(S3_[A-Z_]+)=(.*)$/.exec(line.trim()))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1], match[2]]),
  );
  const started = fromVariables(variables);
  if (!started) throw new Error(`scripts/s3/start.sh printed no S3_* settings:\n${stdout}`);
  return started;
}

function fromVariables(variables: Record<string, string | undefined>): S3Env | undefined {
  const { S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION } = variables;
  if (!S3_ENDPOINT || !S3_ACCESS_KEY || !S3_SECRET_KEY) return undefined;
  return { endpoint: S3_ENDPOINT.replace(/\/$/, ""), accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY, region: S3_REGION || "us-east-1" };
}
