import path from "node:path";
import type { StorageBase } from "@elemental/storages";

/** Where one object or file is: a local file, or a key in a storage. */
export type Location = { kind: "folder"; path: string } | { kind: "storage"; storage: StorageBase; key: string };

/** One side of a copy, sync or move: a local folder, or a storage under a key prefix ("" or ending in `/`). */
export type Endpoint = { kind: "folder"; dir: string; label: string } | { kind: "storage"; storage: StorageBase; prefix: string; label: string };

/** What is known of an object or a file before it is copied; `key` is relative to its endpoint. */
export interface Entry {
  key: string;
  size: number;
  /** Modification time (a file's mtime, an object's LastModified), in ms. */
  mtimeMs: number;
  /** Only storages have one; see `checksumOf`. */
  etag?: string | undefined;
}

/** The location of an endpoint's entry. */
export function locate(endpoint: Endpoint, key: string): Location {
  return endpoint.kind === "folder"
    ? { kind: "folder", path: path.join(endpoint.dir, ...key.split("/")) }
    : { kind: "storage", storage: endpoint.storage, key: `${endpoint.prefix}${key}` };
}

/** `storages.Files:photos/a.jpg` or a path, for messages. */
export function describeLocation(location: Location): string {
  return location.kind === "folder" ? location.path : `${location.storage.fullName}:${location.key}`;
}

/** Both in the same storage instance, so the storage can copy or move on its own (S3: server-side). */
export function sameStorage(a: Location, b: Location): boolean {
  return a.kind === "storage" && b.kind === "storage" && a.storage === b.storage;
}

/** The same folder, or the same prefix of the same storage. */
export function sameEndpoint(a: Endpoint, b: Endpoint): boolean {
  if (a.kind === "folder" && b.kind === "folder") return path.resolve(a.dir) === path.resolve(b.dir);
  return a.kind === "storage" && b.kind === "storage" && a.storage === b.storage && a.prefix === b.prefix;
}
