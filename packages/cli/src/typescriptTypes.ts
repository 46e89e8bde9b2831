import { createRequire } from "node:module";
import path from "node:path";

/**
 * An application's own Types may be written in TypeScript. Node >= 22.18 loads them itself (type
 * stripping); on an older Node the CLI uses the application's own tsx when it has one (`elemental init`
 * adds it), as `npx tsx` would. Without either, loading such a Type fails with E_LOAD_FAILED and a help text.
 */
export function enableTypeScriptTypes(root: string): "node" | "tsx" | undefined {
  if ((process.features as { typescript?: unknown }).typescript) return "node";
  try {
    const tsx = createRequire(path.join(root, "package.json"))("tsx/cjs/api") as { register(): unknown };
    tsx.register();
    return "tsx";
  } catch {
    return undefined;
  }
}
