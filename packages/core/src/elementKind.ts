import { existsSync } from "node:fs";
import path from "node:path";
import type { ElementKind } from "./declaration";
import type { DiscoveredElement } from "./discovery";
import { ElementError, locate } from "./errors";

export interface KindDecision {
  kind: ElementKind;
  /** Set when the element's name or place says Type while its files say instance. */
  conflict?: ElementError;
}

/**
 * An e.json `kind` decides. Else a Meta has `type: ""`; a Type names a Meta as its type, or is named
 * `...Type` (JitAi's convention), or is the type of other elements; anything else is an Instance. A
 * config named after the element (`<Name>.json`) is what an instance has: when it sits beside a would-be
 * Type, name and files disagree, and guessing either way would break one of them, so it is an error.
 */
export function decideKind(element: DiscoveredElement, merged: ReadonlyMap<string, DiscoveredElement>, typeUsers: ReadonlyMap<string, string>): KindDecision {
  if (element.declaredKind) return { kind: element.declaredKind };
  if (element.type === "") return { kind: "meta" };
  const reasons = typeReasons(element, merged, typeUsers);
  if (reasons.length === 0) return { kind: "instance" };
  const config = `${element.name}.json`;
  // Only would-be Types are looked at on disk: instances, the many, cost no extra file-system call.
  if (!existsSync(path.join(element.dir, config))) return { kind: "type" };
  return { kind: "instance", conflict: kindConflict(element, reasons, config) };
}

function typeReasons(element: DiscoveredElement, merged: ReadonlyMap<string, DiscoveredElement>, typeUsers: ReadonlyMap<string, string>): string[] {
  const reasons: string[] = [];
  const parent = merged.get(element.type);
  if (parent && parent.type === "" && parent.declaredKind !== "type") reasons.push(`names the Meta ${parent.fullName} as its type`);
  if (/Type$/.test(element.name)) reasons.push("is named like a Type");
  const user = typeUsers.get(element.fullName);
  if (user !== undefined) reasons.push(`is the type of ${user}`);
  return reasons;
}

function kindConflict(element: DiscoveredElement, reasons: string[], config: string): ElementError {
  const folder = path.relative(element.appRoot, element.dir).split(path.sep).join("/");
  const renamed = /.Type$/.test(element.name) ? `, or rename its folder to ${folder.replace(/Type$/, "")}` : "";
  return new ElementError(
    "E_KIND_CONFLICT",
    locate(element.file, "", `${element.fullName} would be a Type (it ${reasons.join(" and ")}), but has ${config} beside its e.json, as an instance does`),
    {
      fullName: element.fullName,
      file: element.file,
      help: `An instance? Add "kind": "instance" to its e.json${renamed}. A Type? Add "kind": "type", or rename ${config}.`,
    },
  );
}
