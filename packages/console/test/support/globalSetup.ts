import { execFileSync } from "node:child_process";
import path from "node:path";
import s3GlobalSetup from "../../../storage-s3/test/support/globalSetup";
import { buildClientWhenStale } from "./buildClient";

/**
 * Chromium (installed from Debian's packages on first use, as the S3 server is), the built page (rebuilt
 * when a client source is newer than it), and the S3 endpoint the S3 scenario uses.
 */
export default function globalSetup(): void {
  execFileSync("bash", [path.resolve(__dirname, "../../../../scripts/chromium.sh")], { stdio: ["ignore", "inherit", "inherit"] });
  buildClientWhenStale();
  s3GlobalSetup();
}
