import { createInterface } from "node:readline";
import { CliError } from "./errors";

/** Whether a person can be asked: standard input and standard error are both terminals. */
export function canAsk(): boolean {
  return process.stdin.isTTY === true && process.stderr.isTTY === true;
}

/**
 * Asks a yes/no question on the terminal (stderr, so stdout keeps only data); true only for `y` or `yes`.
 * Without a terminal it refuses with E_NOT_CONFIRMED, naming the flag that answers in advance.
 */
export async function confirm(question: string, flag: string): Promise<boolean> {
  if (!canAsk()) {
    throw new CliError("E_NOT_CONFIRMED", `${question.replace(/\?$/, "")}: not done without a confirmation`, {
      help: `there is no terminal to ask on: add ${flag} to confirm in advance`,
    });
  }
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return await new Promise<boolean>((resolve) => {
      prompt.on("SIGINT", () => resolve(false)); // Ctrl-C at the prompt answers no
      prompt.on("close", () => resolve(false));
      prompt.question(`${question} [y/N] `, (answer) => resolve(/^\s*y(es)?\s*$/i.test(answer)));
    });
  } finally {
    prompt.close();
  }
}
