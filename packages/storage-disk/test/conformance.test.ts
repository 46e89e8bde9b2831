import { describeStorageConformance } from "@elemental/storages/testkit";
import { type DiskStorage, type ServedDisk, serveDisk } from "@elemental/storage-disk";
import { diskStorage, removeTemps } from "./support/diskApp";

let served: ServedDisk | undefined;

describeStorageConformance<DiskStorage>({
  name: "storages.DiskType in a temporary directory, served on loopback",
  create: async () => {
    const { storage } = await diskStorage();
    served = await serveDisk(storage);
    return storage;
  },
  destroy: async () => {
    await served?.close();
    removeTemps();
  },
});
