/**
 * The one error table of @elemental/core. Codes are public API: callers test `error.code`,
 * which survives duplicate installs where `instanceof` does not.
 */
export const ElementErrorCodes = {
  E_APP_NOT_FOUND: "The application folder does not exist (the CLI: no app.json in the current folder or above).",
  E_ELEMENT_NOT_FOUND: "No element has this fullName.",
  E_INVALID_JSON: "A JSON file could not be parsed.",
  E_INVALID_DECLARATION: "An e.json or app.json does not follow the element spec.",
  E_INVALID_NAME: "An element folder name cannot form a fullName.",
  E_UNKNOWN_TYPE: "A declaration names a type that no application in the chain declares.",
  E_TYPE_CYCLE: "A chain of Types leads back to itself.",
  E_OVERRIDE_FORBIDDEN: "A child application declares an element that its parent marks protected.",
  E_TYPE_ALREADY_REGISTERED: "registerType was called for an existing name without { override: true }.",
  E_TYPE_IN_USE: "registerType tried to replace a Type after one of its elements was loaded.",
  E_INVALID_CONFIG:
    "An instance's config is wrong: it breaks its Type's schema or the Type's own checks, found when the instance is built, every problem listed as `file#/pointer: message`. A storage whose backend finds its config wrong at run time (no such bucket) reports the same code as a StorageError.",
  E_MISSING_ENV: "A config value references an environment variable that is not set and has no default.",
  E_LOAD_FAILED: "An element's module could not be loaded or constructed.",
  E_EXTENDS_NOT_FOUND: "app.json extends a package or folder that cannot be found.",
  E_UNKNOWN_FIELD: "An e.json or app.json field is not part of the spec and is one typo away from a field that is.",
  E_KIND_CONFLICT: "An element's name and files disagree on its kind (named like a Type, with a config like an instance).",
  E_EXIT_FAILED: "app.close() called onAppExit on every built element and some failed; each failure is listed.",
} as const;

export type ElementErrorCode = keyof typeof ElementErrorCodes;

export interface ElementErrorDetails {
  fullName?: string;
  file?: string;
  /** JSON pointer inside `file`, e.g. `/type`. */
  pointer?: string;
  /** Every problem, as `file#/pointer: message`, when there is more than one thing to say. */
  problems?: string[];
  help?: string;
  cause?: unknown;
  /** The individual errors, when one error stands for several. */
  errors?: ElementError[];
}

export class ElementError extends Error {
  override readonly name = "ElementError";
  readonly code: ElementErrorCode;
  readonly fullName: string | undefined;
  readonly file: string | undefined;
  readonly pointer: string | undefined;
  readonly problems: string[];
  readonly help: string | undefined;
  readonly errors: readonly ElementError[];

  constructor(code: ElementErrorCode, message: string, details: ElementErrorDetails = {}) {
    const problems = details.problems ?? [];
    const listed = problems.length > 0 ? `\n  - ${problems.join("\n  - ")}` : "";
    super(`${code}: ${message}${listed}`, details.cause === undefined ? undefined : { cause: details.cause });
    this.code = code;
    this.fullName = details.fullName;
    this.file = details.file;
    this.pointer = details.pointer;
    this.problems = problems;
    this.help = details.help;
    this.errors = details.errors ?? [];
  }
}

/** True for any ElementError, even one thrown by another copy of this package. */
export function isElementError(value: unknown, code?: ElementErrorCode): value is ElementError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  if (candidate.name !== "ElementError" || typeof candidate.code !== "string") return false;
  return code === undefined || candidate.code === code;
}

/** `file#/pointer: message`, the one shape every located problem is reported in. */
export function locate(file: string, pointer: string, message: string): string {
  return `${file}#${pointer}: ${message}`;
}
