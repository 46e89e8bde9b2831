import { execFileSync } from "node:child_process";
import path from "node:path";

const REPO = path.resolve(__dirname, "../../../..");

/**
 * RGW reclaims deleted objects only after hours, and the local server keeps them in RAM; when the tests
 * used the local server, reclaim now what they deleted (about 0.1 s).
 */
export default function globalTeardown(): void {
  if (process.env.ELEMENTAL_S3_LOCAL !== "1") return;
  try {
    execFileSync("bash", [path.join(REPO, "scripts/s3/gc.sh")], { cwd: REPO, stdio: "ignore", timeout: 120_000 });
  } catch {
    // Reclaiming space is a courtesy; the tests' results do not depend on it.
  }
}
