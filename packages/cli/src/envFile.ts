import { readFileSync } from "node:fs";
import { parseEnv } from "node:util";
import { CliError } from "./errors";

/**
 * The environment `${VAR}` references are resolved from: the variables of each `--env-file` (dotenv
 * format; a later file wins over an earlier one), under the process environment, which always wins,
 * as with dotenv and Node's --env-file.
 */
export function buildEnv(envFiles: readonly string[], processEnv: NodeJS.ProcessEnv = process.env): Record<string, string | undefined> {
  const fromFiles: Record<string, string> = {};
  for (const file of envFiles) Object.assign(fromFiles, readEnvFile(file));
  return { ...fromFiles, ...processEnv };
}

function readEnvFile(file: string): Record<string, string> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    throw new CliError("E_FILE_NOT_FOUND", `cannot read the env file ${file}`, { cause });
  }
  return parseEnv(text) as Record<string, string>;
}
