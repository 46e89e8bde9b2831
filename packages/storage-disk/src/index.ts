export { DiskStorage } from "./DiskStorage";
export type { DiskConfig } from "./config";
export { createDiskHandler, resolveDiskStorage, type DiskHandler, type DiskHandlerOptions } from "./handler";
export { serveDisk, type ServeDiskOptions, type ServedDisk } from "./serve";
export type { OpenedObject } from "./objects";
export type { Grant } from "./signer";
export { signingKeyFile } from "./signingKey";
