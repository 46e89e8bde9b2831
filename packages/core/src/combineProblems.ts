import { ElementError } from "./errors";

/**
 * One error standing for several: the error itself when there is one, else a group whose code is the
 * problems' common code (E_INVALID_DECLARATION when they differ) and whose `errors` holds each of them.
 */
export function combineProblems(problems: readonly ElementError[]): ElementError {
  const [first] = problems;
  if (first === undefined) throw new Error("combineProblems needs at least one problem");
  if (problems.length === 1) return first;
  const codes = new Set(problems.map((p) => p.code));
  const code = codes.size === 1 ? first.code : "E_INVALID_DECLARATION";
  return new ElementError(code, `the application has ${problems.length} problems`, {
    problems: problems.map((p) => p.message),
    errors: [...problems],
  });
}
