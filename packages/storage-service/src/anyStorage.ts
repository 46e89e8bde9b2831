import type { StorageBase } from "@elemental/storages";

/** A storage instance of any Type, whatever its config and upload options. */
export type AnyStorage = StorageBase<object>;
