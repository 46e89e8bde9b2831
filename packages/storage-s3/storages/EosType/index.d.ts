export { EosStorage as default } from "@elemental/storage-s3";
