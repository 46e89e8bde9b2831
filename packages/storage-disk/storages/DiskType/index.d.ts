export { DiskStorage as default } from "@elemental/storage-disk";
