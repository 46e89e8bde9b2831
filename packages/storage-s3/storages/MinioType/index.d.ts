export { MinioStorage as default } from "@elemental/storage-s3";
