export { AwsS3Storage as default } from "@elemental/storage-s3";
