import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import startS3 from "../../../storage-s3/test/support/globalSetup";

const REPO = path.resolve(__dirname, "../../../..");

/** The S3 server (as for storage-s3's tests), then the packages built and packed once for every test file. */
export default function globalSetup(): void {
  startS3();
  const packs = mkdtempSync(path.join(tmpdir(), "elemental-packs-"));
  execFileSync(process.execPath, [path.join(REPO, "scripts/pack.mjs"), packs], { cwd: REPO, stdio: ["ignore", "ignore", "inherit"], timeout: 300_000 });
  process.env.ELEMENTAL_PACKS = packs;
}
