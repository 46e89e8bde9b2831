import Ajv, { type ErrorObject, type ValidateFunction } from "ajv";
import { locate } from "./errors";

/** One ajv instance for the process: every schema compiled once, every error reported. */
const ajv = new Ajv({ allErrors: true, strict: false, useDefaults: true });
const compiled = new WeakMap<object, ValidateFunction>();

export type JsonSchema = Record<string, unknown>;

export function compileSchema(schema: JsonSchema): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Validates `data`; returns every problem as `file#/pointer: message` (empty when valid). */
export function validateAgainst(schema: JsonSchema, data: unknown, file: string): string[] {
  return schemaProblems(schema, data).map(({ pointer, message }) => locate(file, pointer, message));
}

/** Validates `data`; returns every problem with its JSON pointer (empty when valid). */
export function schemaProblems(schema: JsonSchema, data: unknown): Array<{ pointer: string; message: string }> {
  const validate = compileSchema(schema);
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => ({ pointer: pointerOf(error), message: describe(error) }));
}

function pointerOf(error: ErrorObject): string {
  const missing = error.keyword === "required" ? (error.params as { missingProperty?: string }).missingProperty : undefined;
  const extra = error.keyword === "additionalProperties" ? (error.params as { additionalProperty?: string }).additionalProperty : undefined;
  const child = missing ?? extra;
  const base = error.instancePath || "";
  return child === undefined ? base || "/" : `${base}/${child.replace(/~/g, "~0").replace(/\//g, "~1")}`;
}

function describe(error: ErrorObject): string {
  if (error.keyword === "required") return "is required";
  if (error.keyword === "additionalProperties") return "is not allowed";
  if (error.keyword === "enum") {
    const allowed = (error.params as { allowedValues?: unknown[] }).allowedValues ?? [];
    return `must be one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return error.message ?? "is invalid";
}
