import { type ElementError, type Problem, problemsOf } from "@elemental/core";
import { CliErrorCodes, codeOf } from "./errors";
import { shortenPaths } from "./output";

export interface ErrorReport {
  code: string;
  message: string;
  /** Every problem, when the error stands for several (as `file#/pointer: message`). */
  problems?: string[];
  help?: string;
}

/** Problems printed in a human error message; the rest are counted (`elemental validate` lists them all). */
const SHOWN_PROBLEMS = 20;

/** An error as the user sees it: its stable code, its first line without the code prefix, its problems and help. */
export function describeError(error: unknown): ErrorReport {
  const code = codeOf(error);
  const raw = error instanceof Error ? error.message : String(error);
  const message = (raw.split("\n")[0] ?? "").replace(/^E_[A-Z_]+: /, "");
  const grouped = (error as { errors?: unknown } | null)?.errors;
  const problems =
    Array.isArray(grouped) && grouped.length > 0
      ? problemsOf(error as ElementError).map((p) => `${p.code} ${p.message}`)
      : (error as { problems?: unknown } | null)?.problems;
  const help = (error as { help?: unknown } | null)?.help;
  return {
    code,
    message,
    ...(Array.isArray(problems) && problems.length > 0 ? { problems: problems.map(String) } : {}),
    ...(code === "E_INTERNAL" ? { help: CliErrorCodes.E_INTERNAL } : typeof help === "string" ? { help } : {}),
  };
}

/**
 * Prints `error E_CODE: message` (then its problems and `help: ...`) on stderr; with --json also one JSON
 * document on stdout. The stack trace and the cause chain only with --debug.
 */
export function reportError(error: unknown, options: { json: boolean; debug: boolean; cwd: string }): void {
  const report = describeError(error);
  const lines = [`error ${report.code}: ${report.message}`];
  const problems = report.problems ?? [];
  lines.push(...problems.slice(0, SHOWN_PROBLEMS).map((problem) => `  - ${problem}`));
  if (problems.length > SHOWN_PROBLEMS) lines.push(`  ... and ${problems.length - SHOWN_PROBLEMS} more (\`elemental validate\` lists every one)`);
  if (report.help) lines.push(`help: ${report.help}`);
  process.stderr.write(`${shortenPaths(lines.join("\n"), options.cwd)}\n`);
  if (options.debug) process.stderr.write(`${debugTrace(error)}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify({ error: report }, null, 2)}\n`);
}

/** Problems as stderr lines, `error E_CODE: file#/pointer: message`, the first 20 of them, paths shortened. */
export function problemLines(problems: readonly Problem[], cwd: string): string[] {
  const lines = problems.slice(0, SHOWN_PROBLEMS).map((problem) => shortenPaths(`error ${problem.code}: ${problem.message}`, cwd));
  if (problems.length > SHOWN_PROBLEMS) lines.push(`... and ${problems.length - SHOWN_PROBLEMS} more problems`);
  lines.push("help: the elements listed are those that could be read; `elemental validate` lists every problem");
  return lines;
}

function debugTrace(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 8; depth++) {
    if (depth > 0) parts.push("caused by:");
    parts.push(current instanceof Error ? (current.stack ?? current.message) : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join("\n");
}
