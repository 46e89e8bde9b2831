import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const made: string[] = [];

/** Writes an application into a new temporary folder; objects are written as JSON, strings as they are. */
export function tempApp(files: Record<string, unknown>): string {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-core-"));
  made.push(root);
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Record<string, unknown>): void {
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
}

export function removeTempApps(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

/** The error a promise rejects with, or a failure when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}

export function thrown(action: () => unknown): any {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error("expected an exception");
}

/** A minimal Meta + Type (with a module) + instance family under `family/`. */
export function family(typeModule = "module.exports = class { constructor(ctx) { this.ctx = ctx; } };"): Record<string, unknown> {
  return {
    "family/Meta/e.json": { title: "Family", type: "" },
    "family/ThingType/e.json": { title: "Thing", type: "family.Meta", backendBundleEntry: "." },
    "family/ThingType/index.js": typeModule,
  };
}
