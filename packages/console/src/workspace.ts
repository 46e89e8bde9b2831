import { type App, type AppInspection, createApp, inspectApp } from "@elemental/core";
import { Lazy, type StorageBase } from "@elemental/storages";
import { ConsoleError } from "./errors";

/**
 * The application as the console sees it. The server's app serves the storages it was started with; the
 * declarations are read again after each write (a new instance appears in the tree, an edited config is
 * checked again), and an instance made after start is opened from a fresh app of its own.
 */
export class ConsoleWorkspace {
  /** A failed read is not kept (Lazy): the next view reads again. */
  private readonly inspection = new Lazy(() => inspectApp({ root: this.root, env: this.app.env }));
  private readonly opened = new Map<string, Lazy<App>>();
  /** Instances written since start: the server's app holds their old config. */
  private readonly rewritten = new Set<string>();

  constructor(
    readonly app: App,
    /** Called with each storage opened from a fresh app (not the server's): Disk ones are served by the console. */
    private readonly adopt: (storage: object) => void = () => undefined,
  ) {}

  get root(): string {
    return this.app.root;
  }

  /** Every declaration and the problems of the declarations, read from disk again after `changed()`. */
  view(): Promise<AppInspection> {
    return this.inspection.get();
  }

  /** The next view reads the declarations again (the tree shows files edited outside the console). */
  refresh(): void {
    this.inspection.clear();
  }

  /** After a write: the next view reads the files again; instances opened since start are opened again. */
  changed(fullName?: string): void {
    this.inspection.clear();
    const app = fullName ? this.opened.get(fullName)?.clear() : undefined;
    if (fullName) {
      this.opened.delete(fullName);
      this.rewritten.add(fullName);
    }
    void app?.then((opened) => opened.close()).catch(() => undefined);
  }

  /** A fresh app that fails only on this element's problems (as `elemental new` loads one to run onCreate). */
  async appFor(fullName: string): Promise<App> {
    let app = this.opened.get(fullName);
    if (!app) {
      app = new Lazy(() => createApp({ root: this.root, env: this.app.env, only: [fullName] }));
      this.opened.set(fullName, app);
    }
    return app.get();
  }

  /** A storage instance, loaded: the server's own when it was there at start. */
  async storage(fullName: string): Promise<StorageBase<object>> {
    const { app } = await this.view();
    if (!app?.hasElement(fullName) || app.getElementDefine(fullName).kind !== "instance" || !app.getTypeChain(fullName).includes("storages.Meta")) {
      throw new ConsoleError("E_ELEMENT_NOT_FOUND", `${fullName} is not a storage instance of this application`);
    }
    const served = this.app.hasElement(fullName) && !this.rewritten.has(fullName);
    const owner = served ? this.app : await this.appFor(fullName);
    const storage = owner.getElement<StorageBase<object>>(fullName);
    await owner.whenLoaded(fullName);
    if (!served) this.adopt(storage);
    return storage;
  }

  async close(): Promise<void> {
    const apps = [...this.opened.values()].map((app) => app.clear());
    this.opened.clear();
    await Promise.all(apps.map((app) => app?.then((opened) => opened.close()).catch(() => undefined)));
  }
}
