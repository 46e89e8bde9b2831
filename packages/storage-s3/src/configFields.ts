import type { JsonSchema } from "@elemental/core";

/**
 * JSON Schema fragments for config fields, and the parsers that turn their values into settings.
 * Config values usually come from `${VAR}` references, so every field also accepts a string:
 * `"true"`/`"false"` for a flag, digits for a count, `"8MiB"` for a size. `""` (an unset
 * `${VAR:-}`) means "not given" for every optional field.
 */
export const textField: JsonSchema = { type: "string" };
export const requiredTextField: JsonSchema = { type: "string", minLength: 1 };
export const flagField: JsonSchema = { type: ["boolean", "string"], enum: [true, false, "true", "false", ""] };
export const countField: JsonSchema = { type: ["integer", "string"], minimum: 1, pattern: "^\\s*([1-9][0-9]*)?\\s*$" };
export const sizeField: JsonSchema = {
  type: ["integer", "string"],
  minimum: 0,
  pattern: "^\\s*([0-9]+(\\.[0-9]+)?\\s*([kKmMgG]i?)?[bB]?)?\\s*$",
};
/** The fields of a Type whose instances always name their server and keys (MinIO, R2): all required. */
export const serverFieldNames = ["accessKeyId", "accessKeySecret", "endPoint", "bucketName"];
export const serverFields: Record<string, JsonSchema> = Object.fromEntries(serverFieldNames.map((name) => [name, requiredTextField]));
export const checksumField: JsonSchema = { enum: ["WHEN_REQUIRED", "WHEN_SUPPORTED", ""] };

const UNITS: Record<string, number> = { "": 1, k: 1e3, m: 1e6, g: 1e9, ki: 1024, mi: 1024 ** 2, gi: 1024 ** 3 };

/** A config string with surrounding blanks removed; undefined when empty or absent. */
export function text(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

export function flag(value: boolean | string | undefined): boolean | undefined {
  if (typeof value === "boolean") return value;
  if (value === "true") return true;
  if (value === "false") return false;
  return undefined;
}

export function count(value: number | string | undefined): number | undefined {
  if (typeof value === "number") return value;
  return text(value) === undefined ? undefined : Number(value);
}

/** Bytes from `8388608`, `"8388608"`, `"8MiB"`, `"8 MB"` (MB = 10^6, MiB = 2^20). */
export function size(value: number | string | undefined): number | undefined {
  if (typeof value === "number") return value;
  const match = /^([0-9]+(?:\.[0-9]+)?)\s*([kmg]i?)?b?$/i.exec(text(value) ?? "");
  if (!match) return undefined;
  const unit = UNITS[(match[2] ?? "").toLowerCase()] ?? 1;
  return Math.round(Number(match[1]) * unit);
}

export function checksumMode(value: string | undefined): "WHEN_REQUIRED" | "WHEN_SUPPORTED" | undefined {
  return value === "WHEN_REQUIRED" || value === "WHEN_SUPPORTED" ? value : undefined;
}
