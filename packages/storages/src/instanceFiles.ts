import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { NEVER_SCANNED } from "@elemental/core";

/** A valid segment of an element's folder: letters, digits, `_`, `$` and `-`, not starting with a digit. */
export const ELEMENT_SEGMENT = /^[A-Za-z_$][\w$-]*$/;

/** Where an instance's two files go: `<root>/<folder>/e.json` and `<root>/<folder>/<Name>.json`. */
export interface InstanceFiles {
  fullName: string;
  name: string;
  /** The folder relative to the root, `/`-separated, e.g. `storages/Files`. */
  folder: string;
  dir: string;
  declaration: string;
  config: string;
}

/**
 * The segments of `storages/Files` or `storages.Files`; else the first segment that cannot be part of a
 * name, and why: a folder discovery never scans (`appData`, `dist`, ...) would hold an element nobody finds.
 */
export function elementSegments(element: string): { segments: string[]; bad?: string; problem?: string } {
  const segments = element.replace(/\/+$/, "").split(/[/.]/);
  const bad = segments.find((segment) => !ELEMENT_SEGMENT.test(segment) || NEVER_SCANNED.includes(segment));
  if (bad === undefined) return { segments };
  const problem = NEVER_SCANNED.includes(bad)
    ? `"${bad}" cannot be part of an element name: elements are never looked for under ${NEVER_SCANNED.join(", ")}`
    : `"${bad}" cannot be part of an element name (letters, digits, _, $ and -, not starting with a digit)`;
  return { segments, bad, problem };
}

export function instanceFiles(root: string, segments: readonly string[]): InstanceFiles {
  const name = segments[segments.length - 1] as string;
  const dir = path.join(root, ...segments);
  return {
    fullName: segments.join("."),
    name,
    folder: segments.join("/"),
    dir,
    declaration: path.join(dir, "e.json"),
    config: path.join(dir, `${name}.json`),
  };
}

/** The first of the two files that exists already (an instance is never written over), else undefined. */
export function existingInstanceFile(files: InstanceFiles): string | undefined {
  return [files.declaration, files.config].find((file) => existsSync(file));
}

/**
 * Writes an instance as `elemental new` and the console do: `e.json` with its title and Type, and its config
 * as `<Name>.json`, both pretty-printed, neither ever overwritten (`wx`: an existing file fails EEXIST). If the
 * config file is there already, the `e.json` just written is removed again before the EEXIST is thrown.
 */
export function writeInstanceFiles(files: InstanceFiles, declaration: { title: string; type: string }, config: Record<string, unknown>): void {
  mkdirSync(files.dir, { recursive: true });
  writeFileSync(files.declaration, `${JSON.stringify({ title: declaration.title, type: declaration.type }, null, 2)}\n`, { flag: "wx" });
  try {
    writeFileSync(files.config, `${JSON.stringify(config, null, 2)}\n`, { flag: "wx" });
  } catch (error) {
    rmSync(files.declaration, { force: true });
    throw error;
  }
}
