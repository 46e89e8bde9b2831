import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface GeneratedApp {
  root: string;
  /** fullNames of the generated instances. */
  instances: string[];
  /** How many e.json files the application holds (Meta + Type + instances). */
  elementCount: number;
}

// A Type module in plain CommonJS, so that loading it costs the same under any TypeScript loader.
const TYPE_MODULE = `"use strict";
class Thing {
  constructor(context) {
    this.define = context.define;
    this.config = context.config;
  }
}
Thing.configSchema = {
  type: "object",
  required: ["size"],
  properties: { size: { type: "integer", minimum: 0 }, label: { type: "string" } },
};
module.exports = Thing;
`;

/**
 * Writes an application of `elementCount` elements under `root`: a Meta (`gen.Meta`), a Type with a
 * module (`gen.ThingType`) and `elementCount - 2` instances with a config each, spread over nested
 * folders (`gen/g3/s7/Item01234`, about 100 to a folder).
 */
export function generateApp(root: string, elementCount: number): GeneratedApp {
  if (elementCount < 3) throw new Error("a generated application needs at least 3 elements");
  const write = (relative: string, content: string): void => {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };
  write("app.json", JSON.stringify({ appId: "bench-generated", title: "Generated for the bench" }, null, 2));
  write("gen/Meta/e.json", JSON.stringify({ title: "Generated things", type: "" }, null, 2));
  write("gen/ThingType/e.json", JSON.stringify({ title: "A thing", type: "gen.Meta", backendBundleEntry: "." }, null, 2));
  write("gen/ThingType/index.js", TYPE_MODULE);
  const instances: string[] = [];
  const count = elementCount - 2;
  const perLeaf = 100;
  const leaves = Math.ceil(count / perLeaf);
  const groups = Math.max(1, Math.ceil(Math.sqrt(leaves)));
  for (let i = 0; i < count; i++) {
    const leaf = Math.floor(i / perLeaf);
    const name = `Item${String(i).padStart(5, "0")}`;
    const folder = `gen/g${leaf % groups}/s${Math.floor(leaf / groups)}/${name}`;
    const declaration = { title: `Thing number ${i}`, type: "gen.ThingType", description: "generated", tag: "bench" };
    write(`${folder}/e.json`, JSON.stringify(declaration, null, 2));
    write(`${folder}/${name}.json`, JSON.stringify({ size: i, label: `thing-${i}` }, null, 2));
    instances.push(folder.replace(/\//g, "."));
  }
  return { root, instances, elementCount };
}

const generated = new Map<string, GeneratedApp>();

/** One generated application per size for the whole bench run. */
export function sharedGeneratedApp(tmpDir: string, elementCount: number): GeneratedApp {
  const key = `${tmpDir}:${elementCount}`;
  let app = generated.get(key);
  if (!app) {
    app = generateApp(path.join(tmpDir, `app-${elementCount}`), elementCount);
    generated.set(key, app);
  }
  return app;
}
