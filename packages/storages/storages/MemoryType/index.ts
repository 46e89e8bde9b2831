import { MemoryStorage } from "../../src/MemoryStorage";

/** `storages.MemoryType`: the class lives in src/ so that the package's entry point exports the same one. */
export default MemoryStorage;
