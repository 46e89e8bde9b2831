import type { JsonSchema } from "@elemental/core";
import { isSecretField } from "@elemental/storages";

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
  /** Fields holding a placeholder the user must replace. */
  placeholders: string[];
  /** Optional fields of the schema that were not written. */
  optional: string[];
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
 * become `${NAME_FIELD}` references; others take the schema's default, else an example or the first
 * allowed value, else a placeholder to replace. With `all`, optional secrets and optional fields that
 * have a default are written too. Values given with --set are written as they are.
 */
export function scaffoldConfig(elementName: string, schema: JsonSchema | undefined, given: Record<string, unknown>, all: boolean): ScaffoldedConfig {
  const properties = (schema?.properties ?? {}) as Record<string, PropertySchema>;
  const required = new Set((schema?.required ?? []) as string[]);
  const result: ScaffoldedConfig = { config: {}, env: [], placeholders: [], optional: [] };
  for (const field of [...Object.keys(properties), ...Object.keys(given).filter((f) => !(f in properties))]) {
    const property = properties[field] ?? {};
    if (field in given) {
      result.config[field] = given[field];
    } else if (isScaffoldedFromEnv(field) && (required.has(field) || all)) {
      const name = envVarName(elementName, field);
      result.config[field] = `\${${name}}`;
      result.env.push(name);
    } else if (required.has(field)) {
      const { value, placeholder } = suggestedValue(field, property);
      result.config[field] = value;
      if (placeholder) result.placeholders.push(field);
    } else if (all && (property.default !== undefined || property.const !== undefined)) {
      result.config[field] = property.default ?? property.const;
    } else {
      result.optional.push(field);
    }
  }
  return result;
}

function suggestedValue(field: string, property: PropertySchema): { value: unknown; placeholder: boolean } {
  if (property.default !== undefined) return { value: property.default, placeholder: false };
  if (property.const !== undefined) return { value: property.const, placeholder: false };
  if (property.examples?.length) return { value: property.examples[0], placeholder: true };
  if (property.enum?.length) return { value: property.enum[0], placeholder: true };
  const type = Array.isArray(property.type) ? property.type[0] : property.type;
  if (type === "boolean") return { value: false, placeholder: false };
  const byType: Record<string, unknown> = { number: 0, integer: 0, array: [], object: {} };
  return { value: type !== undefined && type in byType ? byType[type] : `<${field}>`, placeholder: true };
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
