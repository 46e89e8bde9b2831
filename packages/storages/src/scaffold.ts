import type { JsonSchema } from "@elemental/core";
import { isSecretField } from "./redact";

/** Fields scaffolded as `${ENV}` references, never as values: secrets, and the access key id beside them. */
export function isScaffoldedFromEnv(field: string): boolean {
  return isSecretField(field) || /^accesskeyid$/i.test(field);
}

/** `MyS3` + `accessKeyId` -> `MY_S3_ACCESS_KEY_ID`. */
export function envVarName(elementName: string, field: string): string {
  return [elementName, field].map(upperSnake).join("_");
}

function upperSnake(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z])([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .toUpperCase();
}

export interface ScaffoldedConfig {
  config: Record<string, unknown>;
  /** Environment variables the config references (for secrets). */
  env: string[];
  /** Required fields the schema gives no value for: the user must pass them (`--set field=value`). */
  missing: MissingField[];
  /** Optional fields of the schema that were not written. */
  optional: string[];
}

export interface MissingField {
  field: string;
  /** What the schema suggests, e.g. `e.g. "us-east-1"` or `one of "a", "b"`. */
  hint?: string;
}

interface PropertySchema {
  type?: string | string[];
  default?: unknown;
  examples?: unknown[];
  enum?: unknown[];
  const?: unknown;
}

/**
 * A first config for an instance named `elementName` from its Type's schema. Required fields: secrets
 * become `${NAME_FIELD}` references; others take the schema's default (false for a flag), else they are
 * missing: never a placeholder, which would pass for a value. With `all`, optional secrets and optional
 * fields that have a default are written too. Values given with --set are written as they are.
 */
export function scaffoldConfig(elementName: string, schema: JsonSchema | undefined, given: Record<string, unknown>, all: boolean): ScaffoldedConfig {
  const properties = (schema?.properties ?? {}) as Record<string, PropertySchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  const result: ScaffoldedConfig = { config: {}, env: [], missing: [], optional: [] };
  for (const field of [...Object.keys(properties), ...Object.keys(given).filter((f) => !(f in properties))]) {
    const property = properties[field] ?? {};
    if (field in given) {
      result.config[field] = given[field];
    } else if (isScaffoldedFromEnv(field) && (required.has(field) || all)) {
      const name = envVarName(elementName, field);
      result.config[field] = `\${${name}}`;
      result.env.push(name);
    } else if (required.has(field)) {
      const value = defaultValue(property);
      if (value !== undefined) result.config[field] = value;
      else result.missing.push({ field, ...hintFor(property) });
    } else if (all && (property.default !== undefined || property.const !== undefined)) {
      result.config[field] = property.default ?? property.const;
    } else {
      result.optional.push(field);
    }
  }
  return result;
}

function defaultValue(property: PropertySchema): unknown {
  if (property.default !== undefined) return property.default;
  if (property.const !== undefined) return property.const;
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  return type === "boolean" ? false : undefined;
}

function hintFor(property: PropertySchema): { hint?: string } {
  if (property.examples?.length) return { hint: `e.g. ${JSON.stringify(property.examples[0])}` };
  if (property.enum?.length) return { hint: `one of ${property.enum.map((value) => JSON.stringify(value)).join(", ")}` };
  return {};
}

/** The fields a schema declares; empty when it declares none (then any field goes). */
export function schemaFields(schema: JsonSchema | undefined): string[] {
  return Object.keys((schema?.properties ?? {}) as object);
}

/** A `--set field=value` value: a string for a string field, else JSON when it parses (numbers, booleans). */
export function parseSetValue(schema: JsonSchema | undefined, field: string, text: string): unknown {
  const property = ((schema?.properties ?? {}) as Record<string, PropertySchema>)[field];
  const types = property?.type === undefined ? [] : [property.type].flat();
  if (types.includes("string") && types.length === 1) return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
