import { randomBytes } from "node:crypto";
import type { StorageCapabilities } from "../types";
import { type AnyStorage, resolveOptions, type ResolvedOptions, type StorageConformanceOptions } from "./options";
import { inPool } from "../pool";

/** What every group of cases shares: the storage under test, the run's key prefix and the options. */
export class SuiteContext {
  readonly options: ResolvedOptions;
  /** This run's own prefix, e.g. `conformance-3f9a0c1d2b/`; everything the suite writes is under it. */
  readonly prefix: string;
  private created: AnyStorage | undefined;

  constructor(options: StorageConformanceOptions) {
    this.options = resolveOptions(options);
    this.prefix = `${this.options.keyPrefix}${randomBytes(6).toString("hex")}/`;
  }

  get storage(): AnyStorage {
    if (!this.created) throw new Error("the storage under test was not created (did create() fail in beforeAll?)");
    return this.created;
  }

  /** The storage's capabilities with the suite's overrides applied. */
  get capabilities(): StorageCapabilities {
    return { ...this.storage.capabilities, ...this.options.capabilities };
  }

  /** A key under this run's prefix. */
  key(relative: string): string {
    return `${this.prefix}${relative}`;
  }

  /** A second element on the same data (the `reopen` option), else the storage itself. */
  async reopened(): Promise<AnyStorage> {
    return (await this.options.reopen?.(this.storage)) ?? this.storage;
  }

  async start(): Promise<void> {
    this.created = await this.options.create();
  }

  async stop(): Promise<void> {
    if (!this.created) return;
    try {
      await this.removeEverything();
    } finally {
      await this.options.destroy?.(this.created);
    }
  }

  /** Deletes every object under this run's prefix; returns how many there were. */
  async removeEverything(): Promise<number> {
    const names: string[] = [];
    for await (const entry of this.storage.list(this.prefix)) names.push(entry.name);
    await inPool(names, this.options.concurrency, (name) => this.storage.delete(name));
    return names.length;
  }

  /** The names under a prefix relative to this run's prefix, sorted. */
  async namesUnder(relativePrefix: string, pageSize?: number): Promise<string[]> {
    const names: string[] = [];
    const options = pageSize === undefined ? {} : { pageSize };
    for await (const entry of this.storage.list(this.key(relativePrefix), options)) names.push(entry.name);
    return names.sort();
  }
}
