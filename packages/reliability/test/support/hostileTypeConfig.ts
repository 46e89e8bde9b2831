import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { type TypeConfigCase, type ValueContext, materialize } from "./corpus";
import { TYPE_OF, writeApp } from "./targets";

export interface TypeConfigOutcome {
  stage: "get" | "op" | "ok";
  error?: unknown;
}

/** Builds the case's storage element from its (broken) config, then tries one upload. Never throws. */
export async function runTypeConfigCase(testCase: TypeConfigCase, context: ValueContext): Promise<TypeConfigOutcome> {
  const root = mkdtempSync(path.join(tmpdir(), `elemental-rel-config-`));
  let storage: StorageBase | undefined;
  try {
    writeApp(root, testCase.target, TYPE_OF[testCase.target], materialize(testCase.config, context) as Record<string, unknown>);
    const app = await createApp({ root, env: {} });
    try {
      storage = app.getElement<StorageBase>("storages.Store");
    } catch (error) {
      return { stage: "get", error };
    }
    try {
      await storage.uploadByFile("probe.txt", "probe");
      return { stage: "ok" };
    } catch (error) {
      return { stage: "op", error };
    }
  } finally {
    await (storage as { close?: () => Promise<void> } | undefined)?.close?.();
    rmSync(root, { recursive: true, force: true });
  }
}
