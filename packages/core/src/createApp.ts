import path from "node:path";
import { App, type RegisterTypeOptions } from "./app";
import { type AppSource, resolveAppChain } from "./appManifest";
import { REGISTERED_IN_CODE, codeTypeDefine } from "./codeType";
import { combineProblems } from "./combineProblems";
import { defaultElementProblems } from "./defaultElements";
import type { ElementClass } from "./element";
import type { Environment } from "./env";
import { discoverElements } from "./discovery";
import { buildElementTable } from "./elementTable";
import { type ElementError, isElementError } from "./errors";

export interface CreateAppOptions {
  /** The application folder. Defaults to the current directory. */
  root?: string;
  /** Where `${VAR}` references in configs are looked up. Defaults to `process.env`. */
  env?: Environment;
  /** Types implemented in code, registered before declarations are checked (so instances may use them). */
  types?: Record<string, ElementClass | ({ class: ElementClass } & RegisterTypeOptions)>;
  /**
   * createApp only: fail only on the problems of these elements and of the Types they are built on, so a
   * tool that works on one element works while an unrelated one is broken (that one is missing from the
   * application, or fails when used). An application that cannot be read at all (its app.json) still fails.
   */
  only?: readonly string[];
}

export interface AppInspection {
  app: App | undefined;
  /** Every problem found in the declarations of the application and its parents. */
  problems: ElementError[];
}

/**
 * Discovers and validates the declarations of an application and the applications it extends.
 * Throws one ElementError that lists every problem; loads no element module.
 */
export async function createApp(options: CreateAppOptions = {}): Promise<App> {
  const { app, problems } = await inspectApp(options);
  const failing = app && options.only ? problemsConcerning(app, problems, options.only) : problems;
  if (failing.length === 0 && app) return app;
  throw combineProblems(failing);
}

/** The problems of these elements' own declarations and of every Type in their chains. */
function problemsConcerning(app: App, problems: readonly ElementError[], fullNames: readonly string[]): ElementError[] {
  const concerned = new Set(fullNames.flatMap((name) => [name, ...(app.hasElement(name) ? app.getTypeChain(name) : [])]));
  return problems.filter((problem) => problem.fullName !== undefined && concerned.has(problem.fullName));
}

/** As createApp, but returns the problems instead of throwing (for tools such as `elemental validate`). */
export async function inspectApp(options: CreateAppOptions = {}): Promise<AppInspection> {
  const root = path.resolve(options.root ?? ".");
  const problems: ElementError[] = [];
  let chain: AppSource[];
  try {
    chain = resolveAppChain(root);
  } catch (error) {
    if (isElementError(error)) return { app: undefined, problems: [error] };
    throw error;
  }
  const discovered = await Promise.all(
    chain.map(async (source) => {
      const { elements, problems: found } = await discoverElements(source.root, source.manifest.ignore ?? []);
      problems.push(...found);
      return { app: source, elements };
    }),
  );
  const codeTypes = Object.entries(options.types ?? {}).map(([name, entry]) => {
    const { class: cls, ...registerOptions } = typeof entry === "function" ? { class: entry } : entry;
    return { name, cls, registerOptions };
  });
  const declared = new Set(discovered.flatMap((d) => d.elements.map((e) => e.fullName)));
  const own = discovered[0];
  for (const { name, registerOptions } of codeTypes) {
    if (own && !declared.has(name)) own.elements.push({ ...codeTypeDefine(name, root, registerOptions), declaredKind: "type" });
  }
  const table = buildElementTable(discovered);
  problems.push(...table.problems);
  const app = new App(chain, table.defines, options.env ?? process.env, table.hidden);
  for (const { name, cls, registerOptions } of codeTypes) {
    const standIn = table.defines.get(name)?.file === REGISTERED_IN_CODE;
    try {
      app.registerType(name, cls, { ...registerOptions, override: registerOptions.override || standIn });
    } catch (error) {
      if (!isElementError(error)) throw error;
      problems.push(error);
    }
  }
  problems.push(...defaultElementProblems(app));
  return { app, problems };
}
