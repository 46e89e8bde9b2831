export { StorageSvc as default } from "@elemental/storage-service";
