import { CliError } from "./errors";

/** An option's parser for a whole number from 1 to 256 (`--concurrency`, `--parallel`), refused with E_USAGE otherwise. */
export function countOption(flag: string): (text: string) => number {
  return (text) => {
    const value = Number(text);
    if (!/^\d+$/.test(text) || value < 1 || value > 256) throw new CliError("E_USAGE", `${flag} needs a whole number from 1 to 256, not "${text}"`);
    return value;
  };
}
