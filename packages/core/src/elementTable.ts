import type { ElementDefine } from "./declaration";
import type { DiscoveredElement } from "./discovery";
import type { AppSource } from "./appManifest";
import { decideKind } from "./elementKind";
import { ElementError } from "./errors";
import { suggestionText } from "./suggest";

export interface ElementTable {
  /** Every element, the hidden ones included (a parent's Types may be built on its private elements). */
  defines: Map<string, ElementDefine>;
  /** A parent's private elements: they resolve the parent's own type chains but are invisible to lookups. */
  hidden: Set<string>;
  problems: ElementError[];
}

/**
 * Merges the elements of an application chain (child first) and resolves every element's kind.
 * A child overrides a public parent element by declaring the same fullName; a protected one may not
 * be overridden; a parent's private elements are invisible to its children.
 */
export function buildElementTable(chain: ReadonlyArray<{ app: AppSource; elements: DiscoveredElement[] }>): ElementTable {
  const problems: ElementError[] = [];
  const merged = new Map<string, DiscoveredElement>();
  const owner = new Map<string, AppSource>();
  const hidden = new Set<string>();
  for (const { app, elements } of chain) {
    for (const element of elements) {
      const existing = merged.get(element.fullName);
      if (existing === undefined) {
        if (app.depth > 0 && element.accessModifier === "private") hidden.add(element.fullName);
        merged.set(element.fullName, element);
        owner.set(element.fullName, app);
        continue;
      }
      const overridingApp = owner.get(element.fullName);
      if (overridingApp === app) continue;
      if (element.accessModifier === "protected") {
        problems.push(
          new ElementError("E_OVERRIDE_FORBIDDEN", `${existing.file} overrides ${element.fullName}, which ${element.file} declares protected`, {
            fullName: element.fullName,
            file: existing.file,
            help: "Choose another name, or ask the parent to make it public.",
          }),
        );
      }
    }
  }
  return { defines: resolveKinds(merged, problems), hidden, problems };
}

function resolveKinds(merged: Map<string, DiscoveredElement>, problems: ElementError[]): Map<string, ElementDefine> {
  const typeUsers = new Map<string, string>();
  for (const element of merged.values()) {
    // An element of its own type is a cycle (reported as such), not a use as a Type.
    if (element.type !== "" && element.type !== element.fullName && !typeUsers.has(element.type)) typeUsers.set(element.type, element.fullName);
  }

  const defines = new Map<string, ElementDefine>();
  for (const element of merged.values()) {
    const problem = checkTypeChain(element, merged);
    if (problem) problems.push(problem);
    const { kind, conflict } = decideKind(element, merged, typeUsers);
    if (conflict) problems.push(conflict);
    const { declaredKind, ...rest } = element;
    defines.set(element.fullName, { ...rest, kind });
  }
  return defines;
}

/** The type chain must end at a Meta: every link declared, no cycle. */
function checkTypeChain(element: DiscoveredElement, merged: Map<string, DiscoveredElement>): ElementError | undefined {
  const seen = [element.fullName];
  let current = element;
  while (current.type !== "") {
    const next = merged.get(current.type);
    if (next === undefined) {
      if (current !== element) return undefined; // reported for the element that names the missing type
      return new ElementError(
        "E_UNKNOWN_TYPE",
        `${current.file}#/type: "${current.type}" is not declared by this application or any it extends.${suggestionText(current.type, merged.keys())}`,
        { fullName: current.fullName, file: current.file, pointer: "/type" },
      );
    }
    if (seen.includes(next.fullName)) {
      const loop = seen.slice(seen.indexOf(next.fullName));
      // Report a loop once, for its alphabetically first member.
      if (next.fullName !== element.fullName || [...loop].sort()[0] !== element.fullName) return undefined;
      return new ElementError("E_TYPE_CYCLE", `${element.file}#/type: type chain loops: ${[...seen, next.fullName].join(" -> ")}`, {
        fullName: element.fullName,
        file: element.file,
        pointer: "/type",
      });
    }
    seen.push(next.fullName);
    current = next;
  }
  return undefined;
}
