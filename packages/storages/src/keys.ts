import { StorageError } from "./errors";

export const MAX_KEY_BYTES = 1024;

/**
 * The key rules, the same for every Type so that a key that works on one works on all. Unicode and
 * spaces are allowed. Rejected: an empty key, an empty, `.` or `..` segment (so `a//b`, `a/` and
 * `a/../b`), a leading `/`, a backslash, a control character, a lone surrogate, over 1024 UTF-8 bytes.
 * Returns the reason a key is invalid, or undefined when it is valid.
 */
export function keyProblem(key: unknown): string | undefined {
  if (typeof key !== "string") return `a key must be a string, not ${key === null ? "null" : typeof key}`;
  if (key.length === 0) return "a key must not be empty";
  if (key.startsWith("/")) return "a key must not start with /";
  if (key.includes("\\")) return "a key must not contain a backslash";
  if (/[\u0000-\u001f\u007f]/.test(key)) return "a key must not contain control characters";
  if (!key.isWellFormed()) return "a key must be well-formed Unicode (no lone surrogates)";
  for (const segment of key.split("/")) {
    if (segment === "") return "a key must not contain an empty segment (// or a trailing /)";
    if (segment === "." || segment === "..") return `a key must not contain a "${segment}" segment`;
  }
  const bytes = Buffer.byteLength(key, "utf8");
  if (bytes > MAX_KEY_BYTES) return `a key must be at most ${MAX_KEY_BYTES} UTF-8 bytes, this one is ${bytes}`;
  return undefined;
}

/** A key prefix for listings: the empty prefix, or a valid key optionally ending with `/`. */
export function prefixProblem(prefix: unknown): string | undefined {
  if (prefix === "" || prefix === undefined) return undefined;
  if (typeof prefix !== "string") return `a prefix must be a string, not ${typeof prefix}`;
  return keyProblem(prefix.endsWith("/") ? prefix.slice(0, -1) : prefix);
}

export function assertValidKey(key: unknown): asserts key is string {
  const problem = keyProblem(key);
  if (problem) throw new StorageError("E_INVALID_KEY", problem, { key: typeof key === "string" ? printable(key) : undefined });
}

/** A key as it may appear in a message: control characters escaped, cut at 200 characters. */
export function printable(key: string): string {
  const escaped = key.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return escaped.length > 200 ? `${escaped.slice(0, 200)}…` : escaped;
}
