import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ElementDefine } from "./declaration";
import type { ElementClass } from "./element";
import { type Environment, interpolateEnv } from "./env";
import { ElementError } from "./errors";
import { parseJson } from "./json";
import { ConfigProblems } from "./configProblems";
import { placeholderProblems } from "./placeholders";
import { schemaProblems } from "./schemaValidation";

export interface LoadedConfig {
  config: Record<string, unknown>;
  file: string | undefined;
}

/** The file holding an instance's business config: `<Name>.json`, else `config.json`, else none. */
export function configFileOf(define: ElementDefine): string | undefined {
  for (const candidate of [`${define.name}.json`, "config.json"]) {
    const file = path.join(define.dir, candidate);
    if (existsSync(file)) return file;
  }
  return undefined;
}

/** Reads, interpolates and validates an instance's config against its class's schema. */
export function loadConfig(define: ElementDefine, cls: ElementClass, env: Environment): LoadedConfig {
  const file = configFileOf(define);
  const shownFile = file ?? path.join(define.dir, `${define.name}.json`);
  let raw: unknown = {};
  if (file !== undefined) raw = parseJson(readConfigText(define, file), file, { fullName: define.fullName });
  const config = interpolateEnv(raw, env, shownFile);
  const schema = cls.configSchema;
  const problems = new ConfigProblems(define.fullName, shownFile);
  for (const { pointer, message } of [...placeholderProblems(config), ...(schema ? schemaProblems(schema, config) : [])]) problems.add(pointer, message);
  problems.throwIfAny(file === undefined ? `Create ${shownFile} with the Type's config.` : undefined);
  return { config: config as Record<string, unknown>, file };
}

function readConfigText(define: ElementDefine, file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (cause) {
    // e.g. a folder named like the config file (EISDIR)
    throw new ElementError("E_INVALID_CONFIG", `${define.fullName}: its config ${file} cannot be read (${(cause as { code?: string }).code ?? "error"})`, {
      fullName: define.fullName,
      file,
      cause,
    });
  }
}
