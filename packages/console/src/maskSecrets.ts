import type { JsonSchema } from "@elemental/core";
import { isSecretField } from "@elemental/storages";
import { ConsoleError } from "./errors";

/** What the page sees instead of a secret value; sent back unchanged, it keeps the stored value. */
export const MASK = "••••••••";

/** `${VAR}` or `${VAR:-default}`: the variable's name, and the default if any. */
const REFERENCE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/;

type Properties = Record<string, { writeOnly?: boolean; "x-secret"?: boolean; properties?: Properties } | undefined>;

/** A field holds a secret when its name says so, or when its schema marks it (`writeOnly`, `x-secret`). */
export function isSecret(field: string, schema: Properties[string]): boolean {
  return isSecretField(field) || schema?.writeOnly === true || schema?.["x-secret"] === true;
}

/**
 * The config as the page may see it: every value under a secret field replaced by MASK, at any depth.
 * A `${VAR}` reference is not a secret (it names where the value is) and is shown as it is; a
 * reference's default is a value, so it is masked: `${VAR:-••••••••}`.
 */
export function maskSecrets(config: unknown, schema?: JsonSchema): unknown {
  return mask(config, (schema?.properties ?? {}) as Properties);
}

function mask(value: unknown, properties: Properties): unknown {
  if (Array.isArray(value)) return value.map((item) => mask(item, {}));
  if (value === null || typeof value !== "object") return value;
  return Object.fromEntries(
    Object.entries(value).map(([field, inner]) => {
      const schema = properties[field];
      return [field, isSecret(field, schema) ? maskAll(inner) : mask(inner, schema?.properties ?? {})];
    }),
  );
}

function maskAll(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskAll);
  if (value === null) return null;
  if (typeof value === "object") return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, maskAll(inner)]));
  const reference = typeof value === "string" ? REFERENCE.exec(value) : null;
  if (reference) return reference[2] === undefined ? value : `\${${reference[1]}:-${MASK}}`;
  return MASK;
}

/**
 * An edited config with every MASK put back to the stored value (the page never had it), in objects
 * and arrays (by index). A MASK with nothing stored at its place is refused rather than saved as text.
 */
export function unmask(edited: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  return restore(edited, stored, "") as Record<string, unknown>;
}

function restore(value: unknown, before: unknown, pointer: string): unknown {
  if (value === MASK) {
    if (before === undefined) throw new ConsoleError("E_BAD_REQUEST", `${pointer || "/"} is masked but nothing is stored there: type the value`);
    return before;
  }
  if (typeof value === "string") {
    const reference = REFERENCE.exec(value);
    if (!reference || reference[2] !== MASK) return value;
    const stored = typeof before === "string" ? REFERENCE.exec(before) : null;
    if (!stored || stored[1] !== reference[1] || stored[2] === undefined)
      throw new ConsoleError("E_BAD_REQUEST", `${pointer}: the default of \${${reference[1]}} is masked but no default is stored for it: type the value`);
    return before;
  }
  if (Array.isArray(value)) {
    const items = Array.isArray(before) ? before : [];
    return value.map((item, index) => restore(item, items[index], `${pointer}/${index}`));
  }
  if (value && typeof value === "object") {
    const fields = before && typeof before === "object" && !Array.isArray(before) ? (before as Record<string, unknown>) : {};
    return Object.fromEntries(Object.entries(value).map(([field, inner]) => [field, restore(inner, fields[field], `${pointer}/${field}`)]));
  }
  return value;
}
