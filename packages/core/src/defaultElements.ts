import path from "node:path";
import type { App } from "./app";
import { ElementError, locate } from "./errors";
import { pointerSegment } from "./json";
import { suggestionText } from "./suggest";

/**
 * Each `settings.defaultElement.*` in effect (the child's wins over a parent's) must name an element the
 * application can see, else `getDefaultElement` would fail at first use instead of at start.
 */
export function defaultElementProblems(app: App): ElementError[] {
  const problems: ElementError[] = [];
  const seen = new Set<string>();
  for (const source of app.chain) {
    for (const [key, name] of Object.entries(source.manifest.settings?.defaultElement ?? {})) {
      if (seen.has(key)) continue;
      seen.add(key);
      if (app.hasElement(name)) continue;
      const file = path.join(source.root, "app.json");
      const pointer = `/settings/defaultElement/${pointerSegment(key)}`;
      const message = `"${name}" is not an element of this application.${suggestionText(name, Object.keys(app.getAllElementsDefine()))}`;
      problems.push(new ElementError("E_ELEMENT_NOT_FOUND", locate(file, pointer, message), { file, pointer }));
    }
  }
  return problems;
}
