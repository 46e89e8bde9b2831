import { existsSync } from "node:fs";
import path from "node:path";
import type { ElementDefine } from "./declaration";
import type { ElementClass } from "./element";
import { ElementError } from "./errors";

const TS_INDEX = ["index.ts", "index.tsx", "index.mts", "index.cts"];

/**
 * The absolute module file an element's `backendBundleEntry` points at, or undefined when the element has
 * no module of its own (`"."` on a folder with no index file). Resolution is Node's, so built JavaScript
 * is found beside the TypeScript source, and `.ts` works under ts-node and jest.
 */
export function resolveElementModule(define: ElementDefine): string | undefined {
  const entry = define.backendBundleEntry;
  if (entry === undefined) return undefined;
  const target = path.resolve(define.dir, entry);
  try {
    return require.resolve(target);
  } catch (cause) {
    // "." on a folder without a module is an element without code; a TypeScript module that cannot be
    // loaded (no ts-node, no build) must not be replaced silently by its Type's class.
    if ((entry === "." || entry === "./") && !TS_INDEX.some((name) => existsSync(path.join(target, name)))) return undefined;
    throw new ElementError("E_LOAD_FAILED", `${define.file}#/backendBundleEntry: "${entry}" does not resolve to a module`, {
      fullName: define.fullName,
      file: define.file,
      pointer: "/backendBundleEntry",
      cause,
    });
  }
}

/** Requires an element's module and returns the class it exports (default export, or the module itself). */
export function loadElementClass(define: ElementDefine, moduleFile: string): ElementClass {
  let exported: unknown;
  try {
    exported = require(moduleFile);
  } catch (cause) {
    throw new ElementError("E_LOAD_FAILED", `${define.fullName}: its module ${moduleFile} threw while loading: ${messageOf(cause)}`, {
      fullName: define.fullName,
      file: moduleFile,
      cause,
    });
  }
  const candidate = typeof exported === "function" ? exported : (exported as { default?: unknown } | null)?.default;
  if (typeof candidate !== "function") {
    throw new ElementError("E_LOAD_FAILED", `${define.fullName}: ${moduleFile} has no default export that is a class`, {
      fullName: define.fullName,
      file: moduleFile,
      help: "Export the element's class as the module's default export.",
    });
  }
  return candidate as ElementClass;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
