import s3GlobalSetup from "../../../storage-s3/test/support/globalSetup";
import { buildClientWhenStale } from "./buildClient";

/** The built page (rebuilt when a client source is newer than it), and the S3 endpoint the S3 scenario uses. */
export default function globalSetup(): void {
  buildClientWhenStale();
  s3GlobalSetup();
}
