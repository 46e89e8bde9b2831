import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "@elemental/core";

/** packages/storage-s3: the application the test applications extend. */
export const PACKAGE_ROOT = path.resolve(__dirname, "../..");
const made: string[] = [];

/**
 * A temporary application that extends this package by its absolute path, with one storage instance per
 * entry: `{ MyStore: { type: "storages.AwsS3Type", config: {...} } }` becomes `storages/MyStore/`.
 */
export async function s3App(instances: Record<string, { type: string; config: Record<string, unknown> }>, env: Record<string, string> = {}): Promise<App> {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-s3-"));
  made.push(root);
  write(root, "app.json", { appId: "test.S3", title: "S3 test application", version: "1.0.0", extends: [PACKAGE_ROOT] });
  for (const [name, { type, config }] of Object.entries(instances)) {
    write(root, `storages/${name}/e.json`, { title: name, type });
    write(root, `storages/${name}/${name}.json`, config);
  }
  return createApp({ root, env });
}

export function removeTempApps(): void {
  for (const root of made.splice(0)) rmSync(root, { recursive: true, force: true });
}

function write(root: string, relative: string, content: unknown): void {
  const file = path.join(root, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(content, null, 2));
}

/** The error a promise rejects with; fails when it resolves. */
export async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected a rejection");
}
