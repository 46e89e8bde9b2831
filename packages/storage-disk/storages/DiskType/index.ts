import { DiskStorage } from "../../src/DiskStorage";

/** `storages.DiskType`: the class lives in src/ so that the package's entry point exports the same one. */
export default DiskStorage;
