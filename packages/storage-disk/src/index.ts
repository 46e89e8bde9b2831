export { DiskStorage } from "./DiskStorage";
export type { DiskConfig } from "./config";
export { DEFAULT_IDLE_TIMEOUT_MS, createDiskHandler, resolveDiskStorage, type DiskHandler, type DiskHandlerOptions } from "./handler";
export { serveDisk, type ServeDiskOptions, type ServedDisk } from "./serve";
export type { OpenedObject } from "./objects";
export type { Grant } from "./signer";
export { DEFAULT_ROTATION_GRACE_SECONDS, rotateSigningKey, signingKeyFile } from "./signingKey";
