import type { App } from "@elemental/core";
import type { StorageBase } from "./StorageBase";

/**
 * The application's default storage: app.json `settings.defaultElement.defaultStorage`, else
 * `storages.Default`.
 */
// biome-ignore lint/suspicious/noExplicitAny: any Type's upload options, which are wider than the base's
export function getDefaultStorage<T extends StorageBase<object, any> = StorageBase>(app: App): T {
  return app.getElement<T>(app.getDefaultElementName("storage"));
}
