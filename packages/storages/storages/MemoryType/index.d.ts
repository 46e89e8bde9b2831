export { MemoryStorage as default } from "@elemental/storages";
