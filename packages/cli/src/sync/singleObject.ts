import { stat } from "node:fs/promises";
import path from "node:path";
import type { App } from "@elemental/core";
import { CliError } from "../errors";
import { loadStorage } from "../storageElement";
import type { SourceInfo } from "./copyObject";
import type { Location } from "./location";
import type { Side } from "./sides";

/** The one object or file a `cp` or `mv` without -r starts from, and what it is. */
export async function sourceObject(side: Side, app: () => Promise<App>, signal: AbortSignal): Promise<{ location: Location; info: SourceInfo; name: string }> {
  if (side.kind === "storage") {
    if (side.path === "" || side.path.endsWith("/")) {
      throw new CliError("E_USAGE", `"${side.text}" names a prefix, not an object`, { help: "add -r to copy everything under a prefix" });
    }
    const storage = loadStorage(await app(), side.fullName);
    const object = await storage.getObject(side.path, { signal });
    const info = { size: object.size, mtimeMs: object.lastModified.getTime() };
    return { location: { kind: "storage", storage, key: side.path }, info, name: path.posix.basename(side.path) };
  }
  const file = await stat(side.path).catch((cause: unknown) => {
    throw new CliError("E_FILE_NOT_FOUND", `no file ${side.path}`, { cause });
  });
  if (file.isDirectory()) throw new CliError("E_USAGE", `${side.path} is a folder`, { help: "add -r to copy a folder" });
  if (!file.isFile()) throw new CliError("E_USAGE", `${side.path} is not a file`);
  return { location: { kind: "folder", path: side.path }, info: { size: file.size, mtimeMs: file.mtimeMs }, name: path.basename(side.path) };
}

/**
 * Where a single object goes. A storage side with an empty key or one ending in `/`, a local folder that
 * exists, and a path ending in `/` all receive the source's base name, as `cp` does.
 */
export async function targetObject(side: Side, name: string, app: () => Promise<App>): Promise<Location> {
  if (side.kind === "storage") {
    const key = side.path === "" || side.path.endsWith("/") ? `${side.path}${name}` : side.path;
    return { kind: "storage", storage: loadStorage(await app(), side.fullName), key };
  }
  const existing = await stat(side.path).catch(() => undefined);
  const intoFolder = existing?.isDirectory() === true || side.text.endsWith("/");
  return { kind: "folder", path: intoFolder ? path.join(side.path, name) : side.path };
}

/** Same object or file on both sides: copying it onto itself would be at best a no-op, at worst a loss. */
export function sameLocation(a: Location, b: Location): boolean {
  if (a.kind === "folder" && b.kind === "folder") return path.resolve(a.path) === path.resolve(b.path);
  return a.kind === "storage" && b.kind === "storage" && a.storage === b.storage && a.key === b.key;
}
