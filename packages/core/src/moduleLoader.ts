import { existsSync } from "node:fs";
import path from "node:path";
import type { ElementDefine } from "./declaration";
import type { ElementClass } from "./element";
import { ElementError } from "./errors";

const TS_INDEX = ["index.ts", "index.tsx", "index.mts", "index.cts"];
const TS_MODULE = /\.[cm]?tsx?$/;
const TS_HELP =
  "A TypeScript module needs a loader: run the program with tsx (`npx tsx main.ts`, or `node --import tsx`), or on Node.js >= 22.18 " +
  "(type stripping, erasable syntax only), or compile the Type to JavaScript.";

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
    // Node resolves a folder to index.js only. A TypeScript index is returned as it is: tsx, Node >= 22.18
    // (type stripping) and ts-node load it; plain Node 20 fails in loadElementClass with a help text.
    // "." on a folder with no module at all is an element without code.
    const tsIndex = entry === "." || entry === "./" ? TS_INDEX.map((name) => path.join(target, name)).find((file) => existsSync(file)) : undefined;
    if (tsIndex !== undefined) return tsIndex;
    if (entry === "." || entry === "./") return undefined;
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
      ...(TS_MODULE.test(moduleFile) ? { help: TS_HELP } : {}),
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
