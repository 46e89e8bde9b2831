import { type App, createApp } from "@elemental/core";
import type { Context, Plan, Scenario } from "../harness/types";
import { collectGarbage } from "../support/gc";
import { sharedGeneratedApp } from "../support/generatedApp";
import { elementCountFor } from "./createApp";

// Separate loops with direct calls (no shared callback) so that each side is inlined as a caller would see it.
function timeGetElement(app: App, names: readonly string[], iterations: number): number {
  const mask = names.length - 1;
  let found = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (app.getElement(names[i & mask] as string) !== undefined) found++;
  const ns = Number(process.hrtime.bigint() - started);
  if (found !== iterations) throw new Error("getElement returned undefined");
  return ns / iterations;
}

function timeMapGet(map: Map<string, unknown>, names: readonly string[], iterations: number): number {
  const mask = names.length - 1;
  let found = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) if (map.get(names[i & mask] as string) !== undefined) found++;
  const ns = Number(process.hrtime.bigint() - started);
  if (found !== iterations) throw new Error("Map.get returned undefined");
  return ns / iterations;
}

export const getElementScenario: Scenario = {
  id: "core/hot getElement",
  async prepare(context: Context): Promise<Plan> {
    const generated = sharedGeneratedApp(context.tmpDir, elementCountFor(context));
    const app = await createApp({ root: generated.root, env: {} });
    // 1,024 distinct instances (a power of two, for a cheap index mask), all loaded once before timing.
    const names = Array.from({ length: 1024 }, (_, i) => generated.instances[Math.floor((i * generated.instances.length) / 1024)] as string);
    const map = new Map<string, unknown>(names.map((name) => [name, app.getElement(name)]));
    const iterations = context.quick ? 500_000 : 5_000_000;
    return {
      unit: "ns/op",
      sides: {
        async ours() {
          collectGarbage();
          return { value: timeGetElement(app, names, iterations) };
        },
        async "Map.get"() {
          collectGarbage();
          return { value: timeMapGet(map, names, iterations) };
        },
      },
      rows: [{ scenario: "hot getElement (1,024 loaded instances)", baseline: ["Map.get"], target: { op: "<=", ratio: 3 } }],
    };
  },
};
