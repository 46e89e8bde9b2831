import { readFileSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { createRequire } from "node:module";
import path from "node:path";
import type { App } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { CliError } from "../errors";
import { fullNameOf, loadStorage } from "../storageElement";

/** The Type whose package brings the handler. */
export const DISK_TYPE = "storages.DiskType";

export type Handler = (req: IncomingMessage, res: ServerResponse, next?: (error?: unknown) => void) => void;

/** What `serve` needs of a DiskType storage (checked by shape: the app brings its own copy of the package). */
export interface ServableStorage extends StorageBase {
  readonly baseUrl: string;
  readonly urlPath: string;
}

export interface ServedStorage {
  storage: ServableStorage;
  handler: Handler;
}

/**
 * The DiskType storages to serve (those named, else every DiskType instance of the application), each with
 * the request handler of the package that declares its Type. The CLI does not depend on that package: it
 * loads it from where the application found it (its `extends`), by the package's own name.
 */
export function servedStorages(app: App, names: readonly string[]): ServedStorage[] {
  const chosen = names.length > 0 ? names.map(fullNameOf) : diskInstances(app);
  if (chosen.length === 0) {
    throw new CliError("E_USAGE", `the application has no ${DISK_TYPE} storage to serve`, {
      help: "`elemental new storages/Files --type storages.DiskType` makes one",
    });
  }
  return chosen.map((fullName) => {
    const storage = loadStorage(app, fullName);
    if (!app.getTypeChain(fullName).includes(DISK_TYPE)) {
      throw new CliError("E_NOT_A_STORAGE", `${fullName} is a ${storage.storageType} storage: only ${DISK_TYPE} storages are served here`, {
        help: "other storages serve their own signed URLs (S3: the server itself)",
      });
    }
    return { storage: storage as ServableStorage, handler: diskHandlerFactory(app)(storage) };
  });
}

function diskInstances(app: App): string[] {
  return Object.values(app.getAllElementsDefine())
    .filter((define) => define.kind === "instance" && app.getTypeChain(define.fullName).includes(DISK_TYPE))
    .map((define) => define.fullName)
    .sort();
}

/** `createDiskHandler` of the package that declares storages.DiskType in this application. */
function diskHandlerFactory(app: App): (storage: StorageBase) => Handler {
  const packageRoot = app.getElementDefine(DISK_TYPE).appRoot;
  const manifest = path.join(packageRoot, "package.json");
  let exported: { createDiskHandler?: unknown };
  try {
    const { name } = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string };
    exported = createRequire(manifest)(name ?? packageRoot) as typeof exported;
  } catch (cause) {
    throw new CliError("E_NOT_A_STORAGE", `the package of ${DISK_TYPE} (${packageRoot}) could not be loaded to serve its storages`, { cause });
  }
  const create = exported.createDiskHandler;
  if (typeof create !== "function") throw new CliError("E_NOT_A_STORAGE", `the package of ${DISK_TYPE} (${packageRoot}) exports no createDiskHandler`);
  return (storage) => create(storage) as Handler;
}
