import type { ElementDefine } from "./declaration";
import { ElementError } from "./errors";
import { messageOf } from "./moduleLoader";

/**
 * The instance hooks of JitAi's element lifecycle. Any element may define them (they are optional methods
 * of `Element`):
 * - `onLoad()` runs once, right after the instance is built and before `getElement` returns it. A
 *   synchronous failure fails that `getElement` (E_LOAD_FAILED) and nothing is cached. `getElement` stays
 *   synchronous, so an asynchronous `onLoad` is not awaited there: `app.whenLoaded(fullName)` returns its
 *   promise, and a family that wants it finished before first use awaits it (storages do, in every operation).
 * - `onAppExit()` runs once, when `app.close()` is called: on every built instance, in reverse order of creation.
 */
export interface InstanceHooks {
  onLoad?(): void | Promise<void>;
  onAppExit?(): void | Promise<void>;
}

/* The Type hooks, static `onCreate(fullName, app)` / `onDelete(fullName, app)`, are declared on ElementClass. */

interface Built {
  fullName: string;
  element: InstanceHooks;
}

/** The built instances of one application, in order of creation, and the closing of them all. */
export class Lifecycle {
  private built: Built[] = [];
  private readonly loading = new Map<string, Promise<void>>();
  private closing: Promise<string[]> | undefined;

  /** Runs a new instance's `onLoad` and records it for `close`; a synchronous failure throws E_LOAD_FAILED. */
  loaded({ fullName, file }: ElementDefine, element: unknown): void {
    const hooks = (typeof element === "object" && element !== null ? element : {}) as InstanceHooks;
    let result: unknown;
    try {
      result = typeof hooks.onLoad === "function" ? hooks.onLoad() : undefined;
    } catch (cause) {
      throw new ElementError("E_LOAD_FAILED", `${fullName}: its onLoad failed: ${messageOf(cause)}`, { fullName, file, cause });
    }
    if (result && typeof (result as Promise<void>).then === "function") {
      const pending = Promise.resolve(result as Promise<void>).catch((cause: unknown) => {
        throw new ElementError("E_LOAD_FAILED", `${fullName}: its onLoad failed: ${messageOf(cause)}`, { fullName, cause });
      });
      pending.catch(() => undefined); // reported to whoever awaits whenLoaded, never as an unhandled rejection
      this.loading.set(fullName, pending);
    }
    this.built.push({ fullName, element: hooks });
  }

  /** Settles when the instance's asynchronous `onLoad` has (at once when it has none). */
  whenLoaded(fullName: string): Promise<void> {
    return this.loading.get(fullName) ?? Promise.resolve();
  }

  /**
   * Calls `onAppExit` on every instance built so far, newest first, one at a time; one failing does not stop
   * the others. Resolves to the fullNames it closed; a call while closing shares that closing; instances
   * built later are closed by the next call. Throws E_EXIT_FAILED listing every failed hook.
   */
  close(): Promise<string[]> {
    this.closing ??= this.closeAll().finally(() => {
      this.closing = undefined;
    });
    return this.closing;
  }

  private async closeAll(): Promise<string[]> {
    const built = this.built.reverse();
    this.built = [];
    const failures: ElementError[] = [];
    for (const { fullName, element } of built) {
      this.loading.delete(fullName);
      if (typeof element.onAppExit !== "function") continue;
      try {
        await element.onAppExit();
      } catch (cause) {
        failures.push(new ElementError("E_EXIT_FAILED", `${fullName}: its onAppExit failed: ${messageOf(cause)}`, { fullName, cause }));
      }
    }
    if (failures.length > 0) {
      throw new ElementError("E_EXIT_FAILED", `closing the application: ${failures.length} element(s) failed to exit`, {
        problems: failures.map((failure) => failure.message.replace(/^E_EXIT_FAILED: /, "")),
        errors: failures,
      });
    }
    return built.map(({ fullName }) => fullName);
  }
}
