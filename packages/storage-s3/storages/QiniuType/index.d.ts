export { QiniuStorage as default } from "@elemental/storage-s3";
