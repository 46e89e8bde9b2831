import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { Context, Plan, Scenario } from "../harness/types";
import { collectGarbage, elapsedMs } from "../support/gc";
import { sharedGeneratedApp } from "../support/generatedApp";

/** The least any registry must do: list the tree, read and parse every e.json. */
export function bareReadDeclarations(root: string): number {
  let parsed = 0;
  for (const entry of readdirSync(root, { recursive: true, encoding: "utf8" })) {
    if (path.basename(entry) !== "e.json") continue;
    JSON.parse(readFileSync(path.join(root, entry), "utf8"));
    parsed++;
  }
  return parsed;
}

export function elementCountFor(context: Context): number {
  return context.quick ? 1000 : 10_000;
}

export const createAppScenario: Scenario = {
  id: "core/createApp",
  async prepare(context: Context): Promise<Plan> {
    const generated = sharedGeneratedApp(context.tmpDir, elementCountFor(context));
    const count = generated.elementCount;
    return {
      unit: "ms",
      sides: {
        async ours() {
          collectGarbage();
          const started = process.hrtime.bigint();
          const app = await createApp({ root: generated.root, env: {} });
          const value = elapsedMs(started);
          const found = Object.keys(app.getAllElementsDefine()).length;
          if (found !== count) throw new Error(`createApp found ${found} elements, expected ${count}`);
          return { value };
        },
        async "readdir+readFile"() {
          collectGarbage();
          const started = process.hrtime.bigint();
          const found = bareReadDeclarations(generated.root);
          const value = elapsedMs(started);
          if (found !== count) throw new Error(`bare read found ${found} e.json files, expected ${count}`);
          return { value };
        },
      },
      rows: [{ scenario: `createApp, ${count.toLocaleString("en-US")} elements`, baseline: ["readdir+readFile"], target: { op: "<=", ratio: 2 } }],
    };
  },
};
