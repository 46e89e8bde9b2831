/**
 * The storage conformance suite, for jest. `describeStorageConformance({ name, create })` registers the
 * cases every storage Type must pass; see the package README.
 */
export { describeStorageConformance } from "./describeStorageConformance";
export { tamperFirstSignatureParam, type AnyStorage, type StorageConformanceOptions } from "./options";
