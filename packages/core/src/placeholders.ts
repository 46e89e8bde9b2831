import { pointerSegment } from "./json";

/** A whole value such as `<bucketName>`: what a scaffold or an example leaves for a person to replace. */
const PLACEHOLDER = /^<[^<>]*>$/;

/**
 * Every string of a config that is still a placeholder, by JSON pointer. The value itself is not shown
 * (config errors never print values).
 */
export function placeholderProblems(value: unknown, pointer = ""): Array<{ pointer: string; message: string }> {
  if (typeof value === "string") {
    return PLACEHOLDER.test(value.trim()) ? [{ pointer: pointer || "/", message: 'is a placeholder ("<...>"); replace it with a real value' }] : [];
  }
  if (value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
  return entries.flatMap(([key, item]) => placeholderProblems(item, `${pointer}/${pointerSegment(key)}`));
}
