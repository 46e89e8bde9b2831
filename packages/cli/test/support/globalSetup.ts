import startS3 from "../../../storage-s3/test/support/globalSetup";

/** The S3 server for the sync, cp and mv tests against S3 (as for storage-s3's own tests). */
export default function globalSetup(): void {
  startS3();
}
