import { createApp } from "@elemental/core";
import { describeStorageConformance } from "@elemental/storages/testkit";
import { type DiskStorage, type ServedDisk, serveDisk } from "@elemental/storage-disk";
import { diskStorage, removeTemps } from "./support/diskApp";

let served: ServedDisk | undefined;
let root = "";

describeStorageConformance<DiskStorage>({
  name: "storages.DiskType in a temporary directory, served on loopback",
  create: async () => {
    const made = await diskStorage();
    root = made.root;
    served = await serveDisk(made.storage);
    return made.storage;
  },
  // Another application on the same folder, as another process would open it.
  reopen: async () => (await createApp({ root })).getElement<DiskStorage>("storages.Files"),
  destroy: async () => {
    await served?.close();
    removeTemps();
  },
});
