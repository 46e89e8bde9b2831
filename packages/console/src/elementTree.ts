import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { type App, type AppInspection, configFileOf, type ElementClass, type ElementDefine, type JsonSchema, type Problem, problemsOf } from "@elemental/core";

/** Where an element comes from: this application, a parent (inherited), or this application over a parent's (overridden). */
export type Origin = "declared" | "inherited" | "overridden";

export interface TreeElement {
  fullName: string;
  name: string;
  title: string;
  kind: ElementDefine["kind"];
  type: string;
  /** The Meta the element belongs to (itself for a Meta); "" when its chain is broken. */
  family: string;
  origin: Origin;
  /** The application folder that declares it. */
  appRoot: string;
  problems: number;
}

/** A problem as `elemental validate` lists it, with the JSON pointer of its field where it has one. */
export type LocatedProblem = Problem & { pointer: string | null };

export function located(problem: Problem): LocatedProblem {
  const match = /#(\/[^:]*): /.exec(problem.message);
  return { ...problem, pointer: match?.[1] ?? null };
}

/** Every problem `elemental validate` reports: the declarations', then each instance's config. */
export function allProblems({ app, problems }: AppInspection): LocatedProblem[] {
  return [...problems.flatMap(problemsOf), ...(app ? app.validateConfigs().flatMap(problemsOf) : [])].map(located);
}

function originOf(app: App, define: ElementDefine): Origin {
  if (define.appRoot !== app.root) return "inherited";
  const folder = define.fullName.split(".");
  const parents = app.chain.slice(1).some((source) => existsSync(path.join(source.root, ...folder, "e.json")));
  return parents ? "overridden" : "declared";
}

function familyOf(app: App, define: ElementDefine): string {
  if (define.kind === "meta") return define.fullName;
  try {
    return app.getTypeChain(define.fullName).at(-1) ?? "";
  } catch {
    return "";
  }
}

export function treeOf(app: App, problems: readonly LocatedProblem[]): TreeElement[] {
  return Object.values(app.getAllElementsDefine())
    .map((define) => ({
      fullName: define.fullName,
      name: define.name,
      title: define.title,
      kind: define.kind,
      type: define.type,
      family: familyOf(app, define),
      origin: originOf(app, define),
      appRoot: define.appRoot,
      problems: problems.filter((problem) => problem.fullName === define.fullName).length,
    }))
    .sort((a, b) => a.fullName.localeCompare(b.fullName));
}

/** The config schema of a Type (or of an instance's Type), when its class can be loaded. */
export function schemaOf(app: App, typeName: string): JsonSchema | undefined {
  try {
    return app.getElement<ElementClass>(typeName).configSchema;
  } catch {
    return undefined;
  }
}

/** The instance's config file as written (no `${VAR}` resolved), or undefined without one. */
export function storedConfig(define: ElementDefine): { file: string; config: Record<string, unknown> } | undefined {
  const file = configFileOf(define);
  if (file === undefined) return undefined;
  try {
    return { file, config: JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, "")) as Record<string, unknown> };
  } catch {
    return { file, config: {} };
  }
}
