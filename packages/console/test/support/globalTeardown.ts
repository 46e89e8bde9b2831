export { default } from "../../../storage-s3/test/support/globalTeardown";
