/**
 * The CLI's own error codes. Errors from @elemental/core (ElementError) and @elemental/storages
 * (StorageError) keep theirs; every code maps to one exit code (see EXIT_CODES and the README).
 */
export const CliErrorCodes = {
  E_USAGE: "The command line is wrong: an unknown command or option, a missing or malformed argument.",
  E_FILE_NOT_FOUND: "A local file or folder named on the command line does not exist.",
  E_ELEMENT_EXISTS: "`new` would overwrite an existing element or file.",
  E_APP_EXISTS: "`init` was run in a folder that is already an application (it has an app.json).",
  E_NOT_A_STORAGE: "The element is not a storage instance.",
  E_IO: "A local file could not be read or written (permissions, a full disk, a closed pipe).",
  E_ABORTED: "The command was interrupted (Ctrl-C).",
  E_NOT_CONFIRMED: "A command that deletes many objects was not confirmed: there is no terminal to ask on and no --yes.",
  E_INTERNAL: "An unexpected failure (a bug); run again with --debug for the stack trace.",
} as const;

export type CliErrorCode = keyof typeof CliErrorCodes;

export class CliError extends Error {
  override readonly name = "CliError";
  readonly code: CliErrorCode;
  readonly help: string | undefined;

  constructor(code: CliErrorCode, message: string, options: { help?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.help = options.help;
  }
}

export const EXIT = { ok: 0, failed: 1, usage: 2, notFound: 3, interrupted: 130 } as const;

const USAGE_CODES = new Set(["E_USAGE", "E_INVALID_KEY", "E_INVALID_ARGUMENT", "E_NOT_CONFIRMED"]);
const NOT_FOUND_CODES = new Set(["E_NOT_FOUND", "E_ELEMENT_NOT_FOUND", "E_APP_NOT_FOUND", "E_FILE_NOT_FOUND"]);

/** The process exit code for an error code. */
export function exitCodeFor(code: string): number {
  if (USAGE_CODES.has(code)) return EXIT.usage;
  if (NOT_FOUND_CODES.has(code)) return EXIT.notFound;
  if (code === "E_ABORTED") return EXIT.interrupted;
  return EXIT.failed;
}

/**
 * The stable `E_...` code of any error: ours, core's, a storage's; E_ABORTED, E_FILE_NOT_FOUND or E_IO
 * for an abort or a local file-system error; E_INTERNAL for anything else.
 */
export function codeOf(error: unknown): string {
  const { code, name, syscall } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; name?: unknown; syscall?: unknown };
  const ours = name === "CliError" || name === "ElementError" || name === "StorageError";
  if (ours && typeof code === "string" && code.startsWith("E_")) return code;
  if (name === "AbortError" || code === "ABORT_ERR") return "E_ABORTED";
  if (typeof syscall === "string") return code === "ENOENT" ? "E_FILE_NOT_FOUND" : "E_IO";
  return "E_INTERNAL";
}
