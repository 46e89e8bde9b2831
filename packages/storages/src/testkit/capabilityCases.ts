import type { StorageCapabilities } from "../types";
import type { SuiteContext } from "./context";

export interface CapabilityCases {
  /** The cases that run when the storage has the capability. */
  cases: Array<{ title: string; run: () => Promise<void>; timeout?: number }>;
  /** What is checked instead when the capability is absent: a real assertion, never a skip. */
  unsupportedTitle: string;
  unsupported: () => Promise<void>;
}

/**
 * Registers the cases that depend on a capability. When the options state that the capability is
 * absent, one test checks `unsupported`. Otherwise each case is registered; the storage only exists
 * once beforeAll ran (after registration), so when the options do not state the capability each title
 * also names the other outcome, and the test picks its branch when it runs.
 */
export function capabilityCases(ctx: SuiteContext, capability: keyof StorageCapabilities, group: CapabilityCases): void {
  const stated = ctx.options.capabilities?.[capability];
  if (stated === false) {
    it(`without ${capability}: ${group.unsupportedTitle}`, () => group.unsupported());
    return;
  }
  for (const { title, run, timeout } of group.cases) {
    const shown = stated === true ? title : `${title} (without ${capability}: ${group.unsupportedTitle})`;
    it(shown, () => (ctx.capabilities[capability] ? run() : group.unsupported()), timeout);
  }
}
