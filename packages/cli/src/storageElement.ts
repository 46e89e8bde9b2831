import type { App } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import type { CliContext } from "./context";
import { CliError } from "./errors";
import { loadApp } from "./loadApp";

/** The storage methods the CLI calls; checked by shape, since the app may bring its own copy of StorageBase. */
const STORAGE_METHODS = [
  "uploadByPath",
  "uploadStream",
  "downloadStream",
  "getObject",
  "exists",
  "deleteMany",
  "list",
  "getSignUrl",
  "getUploadUrl",
  "listFolder",
  "check",
];

/** `storages/MyS3` and `storages/MyS3/` name the same element as `storages.MyS3`. */
export function fullNameOf(argument: string): string {
  return argument.replace(/\/+$/, "").replace(/\//g, ".");
}

/** The storage a command works on: the application is loaded for it alone, so unrelated broken elements do not matter. */
export async function openStorage(ctx: CliContext, argument: string): Promise<StorageBase> {
  return loadStorage(await loadApp(ctx, { only: [fullNameOf(argument)] }), argument);
}

/** The storage instance of that name, built (its config validated) on the way. */
export function loadStorage(app: App, argument: string): StorageBase {
  const fullName = fullNameOf(argument);
  const define = app.getElementDefine(fullName);
  if (define.kind !== "instance") {
    throw new CliError("E_NOT_A_STORAGE", `${fullName} is a ${define.kind}, not a storage instance`, {
      help: `Name an instance of it; \`elemental ls\` lists them, \`elemental new\` creates one.`,
    });
  }
  const element = app.getElement<Record<string, unknown>>(fullName);
  const missing = STORAGE_METHODS.filter((method) => typeof element[method] !== "function");
  if (missing.length > 0) {
    throw new CliError("E_NOT_A_STORAGE", `${fullName} (${define.type}) is not a storage: it has no ${missing.join(", ")}`, {
      help: "Storage commands work on instances of a storage Type (a class extending StorageBase).",
    });
  }
  return element as unknown as StorageBase;
}
