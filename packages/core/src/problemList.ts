import type { ElementError } from "./errors";

/** One problem of an application, as `validate` prints it (one line each) and `--json` lists it. */
export interface Problem {
  code: string;
  /** `file#/pointer: message` where the problem has a place, else a sentence. */
  message: string;
  fullName: string | null;
  file: string | null;
  help: string | null;
}

/** The problems an ElementError stands for: one per listed problem, recursively through grouped errors. */
export function problemsOf(error: ElementError): Problem[] {
  if (error.errors.length > 0) return error.errors.flatMap(problemsOf);
  const base = { code: error.code, fullName: error.fullName ?? null, file: error.file ?? null, help: error.help ?? null };
  if (error.problems.length > 0) return error.problems.map((message) => ({ ...base, message }));
  const message = (error.message.split("\n")[0] ?? "").replace(/^E_[A-Z_]+: /, "");
  return [{ ...base, message }];
}
