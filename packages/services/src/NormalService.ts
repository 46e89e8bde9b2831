import { Element, type ElementContext } from "@elemental/core";

/**
 * The base class of `services.NormalType`: a service is an element whose public methods are its functions.
 * An instance's own module subclasses it (JitAi: `from services.NormalType import NormalService`).
 * `close()` is called when the host shuts down (a server's graceful close): stop timers, finish work.
 */
export class NormalService<Config = Record<string, unknown>> extends Element<Config> {
  constructor(context: ElementContext<Config>) {
    super(context);
  }

  /** The service's family Type, e.g. `services.NormalType`. */
  get serviceType(): string {
    return this.define.type;
  }

  async close(): Promise<void> {}
}
