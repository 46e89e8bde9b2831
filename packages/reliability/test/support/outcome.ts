/** A thrown value reduced to what the corpus asserts, with enough of the message to diagnose a failure. */
export interface ErrorSummary {
  name: string;
  code: string | undefined;
  message: string;
}

export function summarize(error: unknown): ErrorSummary {
  const { name, code, message } = (error ?? {}) as { name?: unknown; code?: unknown; message?: unknown };
  const text = typeof message === "string" ? message : String(error);
  return {
    name: typeof name === "string" ? name : typeof error,
    code: typeof code === "string" ? code : undefined,
    message: text.length > 400 ? `${text.slice(0, 400)}… (${text.length} chars)` : text,
  };
}

/** The length of an error's message: hostile input must not come back whole in a message. */
export function messageLength(error: unknown): number {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === "string" ? message.length : 0;
}

export const MAX_MESSAGE_CHARS = 16 * 1024;

const baseline = {
  object: Object.getOwnPropertyNames(Object.prototype).sort(),
  array: Object.getOwnPropertyNames(Array.prototype).sort(),
  func: Object.getOwnPropertyNames(Function.prototype).sort(),
};

/** Properties that appeared on the built-in prototypes since this module loaded (prototype pollution). */
export function pollution(): string[] {
  const added = (now: string[], before: string[], where: string) => now.filter((name) => !before.includes(name)).map((name) => `${where}.${name}`);
  const probe = {} as Record<string, unknown>;
  return [
    ...added(Object.getOwnPropertyNames(Object.prototype), baseline.object, "Object.prototype"),
    ...added(Object.getOwnPropertyNames(Array.prototype), baseline.array, "Array.prototype"),
    ...added(Object.getOwnPropertyNames(Function.prototype), baseline.func, "Function.prototype"),
    ...(probe.polluted === undefined ? [] : ["({}).polluted"]),
  ];
}
