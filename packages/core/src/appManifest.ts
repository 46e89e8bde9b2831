import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { combineProblems } from "./combineProblems";
import { MANIFEST_FIELDS, appManifestSchema } from "./declaration";
import { ElementError } from "./errors";
import { parseJson } from "./json";
import { NEAR_MISS_HELP, nearMissFields } from "./nearMisses";
import { validateAgainst } from "./schemaValidation";

export interface AppManifest {
  appId?: string;
  title?: string;
  version?: string;
  /** Parent applications: workspace/npm package names or folders relative to this app. */
  extends?: Array<string | { appId: string }>;
  /** Extra glob patterns (relative to the app root) that are not scanned for elements. */
  ignore?: string[];
  settings?: { defaultElement?: Record<string, string> };
  [field: string]: unknown;
}

/** One application of the inheritance chain. */
export interface AppSource {
  root: string;
  manifest: AppManifest;
  /** 0 for the application itself, 1 for its parents, and so on. */
  depth: number;
}

export function readManifest(root: string): AppManifest {
  const file = path.join(root, "app.json");
  if (!existsSync(file)) return {};
  if (!statSync(file).isFile()) throw new ElementError("E_INVALID_DECLARATION", `${file} is not a file`, { file });
  const json = parseJson(readFileSync(file, "utf8"), file);
  const errors: ElementError[] = [];
  const problems = validateAgainst(appManifestSchema, json, file);
  if (problems.length > 0) errors.push(new ElementError("E_INVALID_DECLARATION", `${file} is not a valid app.json`, { file, problems }));
  const typos = nearMissFields(json, MANIFEST_FIELDS, file);
  if (typos.length > 0) errors.push(new ElementError("E_UNKNOWN_FIELD", `${file} has misspelled fields`, { file, problems: typos, help: NEAR_MISS_HELP }));
  if (errors.length > 0) throw combineProblems(errors);
  return json as AppManifest;
}

/**
 * The application and every parent it extends, child first: the application, then each parent in
 * declaration order, depth first, each application once.
 */
export function resolveAppChain(root: string): AppSource[] {
  const chain: AppSource[] = [];
  const seen = new Set<string>();
  const visit = (appRoot: string, depth: number): void => {
    const real = path.resolve(appRoot);
    if (seen.has(real)) return;
    if (!isFolder(real)) throw new ElementError("E_APP_NOT_FOUND", `no application folder at ${real}`, { file: real });
    seen.add(real);
    const manifest = readManifest(real);
    chain.push({ root: real, manifest, depth });
    for (const parent of manifest.extends ?? []) visit(locateParent(real, parent), depth + 1);
  };
  visit(root, 0);
  return chain;
}

function locateParent(childRoot: string, parent: string | { appId: string }): string {
  const name = typeof parent === "string" ? parent : parent.appId;
  const file = path.join(childRoot, "app.json");
  if (name.startsWith(".") || path.isAbsolute(name)) {
    const folder = path.resolve(childRoot, name);
    if (!isFolder(folder)) {
      throw new ElementError("E_EXTENDS_NOT_FOUND", `${file}: extends "${name}", but ${folder} is not a folder`, { file });
    }
    return folder;
  }
  try {
    return path.dirname(require.resolve(`${name}/package.json`, { paths: [childRoot] }));
  } catch (cause) {
    throw new ElementError("E_EXTENDS_NOT_FOUND", `${file}: extends "${name}", which is not an installed package`, {
      file,
      cause,
      help: `Add "${name}" to the dependencies of the package that holds ${childRoot}, or use a relative folder.`,
    });
  }
}

function isFolder(file: string): boolean {
  return statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
}
