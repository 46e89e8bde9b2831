import type { JsonSchema } from "@elemental/core";
import { isSecretField } from "@elemental/storages";

/** What the page sees instead of a secret value; sent back unchanged, it keeps the stored value. */
export const MASK = "••••••••";

const REFERENCE = /^\$\{[A-Za-z_][A-Za-z0-9_]*(:-[^}]*)?\}$/;

type Properties = Record<string, { writeOnly?: boolean; "x-secret"?: boolean; properties?: Properties } | undefined>;

/** A field holds a secret when its name says so, or when its schema marks it (`writeOnly`, `x-secret`). */
export function isSecret(field: string, schema: Properties[string]): boolean {
  return isSecretField(field) || schema?.writeOnly === true || schema?.["x-secret"] === true;
}

/**
 * The config as the page may see it: every secret value replaced by MASK, at any depth. A `${VAR}`
 * reference is not a secret (it names where the value is) and is shown as it is.
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
      if (isSecret(field, schema) && inner !== null && typeof inner !== "object" && !(typeof inner === "string" && REFERENCE.test(inner))) return [field, MASK];
      return [field, mask(inner, schema?.properties ?? {})];
    }),
  );
}

/** An edited config with every MASK put back to the stored value (the page never had it). */
export function unmask(edited: Record<string, unknown>, stored: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(edited).map(([field, value]) => {
      if (value === MASK) return [field, stored[field]];
      const before = stored[field];
      if (value && typeof value === "object" && !Array.isArray(value) && before && typeof before === "object" && !Array.isArray(before)) {
        return [field, unmask(value as Record<string, unknown>, before as Record<string, unknown>)];
      }
      return [field, value];
    }),
  );
}
