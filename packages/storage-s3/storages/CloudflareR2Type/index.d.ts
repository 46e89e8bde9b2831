export { CloudflareR2Storage as default } from "@elemental/storage-s3";
