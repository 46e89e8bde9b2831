import type { App } from "@elemental/core";
import { CliError } from "../errors";
import { fullNameOf, loadStorage } from "../storageElement";

const DISK_TYPE = "storages.DiskType";
const STORAGE_SVC = "storages.services.StorageSvc";
/** StorageSvc's preview URLs lead here unless its config sets `baseUrl`. */
const SVC_DEFAULT_BASE_URL = "http://localhost:3000";

/** What `serve` needs of an element it serves: where the URLs it hands out (in any process) lead. */
export interface Served {
  readonly fullName: string;
  /** The origin (and path) of its URLs, as another process builds them from the config. */
  readonly baseUrl: string;
  /** The path its routes are under, e.g. `/storages/Files`. */
  readonly urlPath: string;
}

/**
 * The DiskType storages to serve: those named, else every DiskType instance of the application. None is
 * fine when the application declares StorageSvc (its routes are served); otherwise it is a usage error.
 */
export function servedStorages(app: App, names: readonly string[]): Served[] {
  const chosen = names.length > 0 ? names.map(fullNameOf) : diskInstances(app);
  if (chosen.length === 0 && !app.hasElement(STORAGE_SVC)) {
    throw new CliError("E_USAGE", `the application has no ${DISK_TYPE} storage and no ${STORAGE_SVC} to serve`, {
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
    return storage as unknown as Served;
  });
}

/** The application's StorageSvc, whose preview, thumbnail and upload routes the server mounts. */
export function servedStorageSvc(app: App): Served | undefined {
  if (!app.hasElement(STORAGE_SVC)) return undefined;
  const svc = app.getElement<{ config: { baseUrl?: string }; routePath: string }>(STORAGE_SVC);
  return { fullName: STORAGE_SVC, baseUrl: (svc.config.baseUrl ?? SVC_DEFAULT_BASE_URL).replace(/\/+$/, ""), urlPath: svc.routePath };
}

function diskInstances(app: App): string[] {
  return Object.values(app.getAllElementsDefine())
    .filter((define) => define.kind === "instance" && app.getTypeChain(define.fullName).includes(DISK_TYPE))
    .map((define) => define.fullName)
    .sort();
}
