import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type App, createApp } from "@elemental/core";
import { type AppCase, type HostileCorpus, fileContent, materialize } from "./corpus";

/** A Type with an S3-like config schema, so that config cases exercise schema validation and secrets. */
const VAULT_TYPE = `
module.exports = class VaultType {
  static configSchema = {
    type: "object",
    additionalProperties: false,
    required: ["accessKeyId", "accessKeySecret", "endPoint", "bucketName", "region"],
    properties: {
      accessKeyId: { type: "string", minLength: 1 },
      accessKeySecret: { type: "string", minLength: 8 },
      sessionToken: { type: "string" },
      endPoint: { type: "string", pattern: "^https?://" },
      bucketName: { type: "string", pattern: "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$" },
      region: { type: "string", minLength: 1 },
      timeoutMs: { type: "integer", minimum: 1, maximum: 600000 },
    },
  };
  constructor(context) { this.config = context.config; }
};
`;

export interface AppOutcome {
  stage: "create" | "get" | "ok";
  error?: unknown;
  element?: unknown;
}

/** Builds the case's application in a fresh temporary folder (the base application with the case's files over it). */
export function writeCaseApp(testCase: AppCase, corpus: HostileCorpus): string {
  const dir = mkdtempSync(path.join(tmpdir(), "elemental-hostile-"));
  const context = { tempFile: path.join(dir, "outside.json"), tempDir: dir };
  const files: Record<string, unknown> = {
    "app.json": { $json: { appId: "hostile.App", title: "Hostile corpus" } },
    "things/Meta/e.json": { $json: { title: "Things", type: "" } },
    "things/VaultType/e.json": { $json: { title: "Vault", type: "things.Meta", backendBundleEntry: "." } },
    "things/VaultType/index.js": VAULT_TYPE,
    "things/A/e.json": { $json: { title: "A", type: "things.VaultType" } },
    "things/A/A.json": { $config: {} },
    ...testCase.files,
  };
  for (const [relative, spec] of Object.entries(files)) {
    const file = path.join(dir, relative);
    const content = fileContent(spec, corpus.vaultConfig, context);
    if (content === "delete") continue;
    if (content === "dir") {
      mkdirSync(file, { recursive: true });
      continue;
    }
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return dir;
}

/** Runs one application case: createApp, then the first getElement. Never throws; reports where it stopped. */
export async function runAppCase(testCase: AppCase, corpus: HostileCorpus): Promise<AppOutcome> {
  const dir = writeCaseApp(testCase, corpus);
  try {
    const root = testCase.root === undefined ? dir : path.join(dir, testCase.root);
    const env = { ...corpus.secrets, ...testCase.env };
    let app: App;
    try {
      app = await createApp({ root, env });
    } catch (error) {
      return { stage: "create", error };
    }
    const name = "element" in testCase ? materialize(testCase.element, { tempFile: "", tempDir: "" }) : "things.A";
    try {
      return { stage: "ok", element: app.getElement(name as string) };
    } catch (error) {
      return { stage: "get", error };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
