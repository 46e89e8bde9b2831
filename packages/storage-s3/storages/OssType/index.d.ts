export { OssStorage as default } from "@elemental/storage-s3";
