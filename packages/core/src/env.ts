import { ElementError, locate } from "./errors";
import { pointerSegment } from "./json";

const REFERENCE = /\$(\$?)\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Replaces `${VAR}` and `${VAR:-default}` in every string of a JSON value. `$${VAR}` stays literal
 * as `${VAR}`. Every missing variable is reported at once, with the file and the JSON pointer.
 */
export function interpolateEnv(value: unknown, env: Environment, file: string): unknown {
  const missing: string[] = [];
  const result = walk(value, "", env, file, missing);
  if (missing.length > 0) {
    throw new ElementError("E_MISSING_ENV", `${file} references environment variables that are not set`, {
      file,
      problems: missing,
      help: "Set the variables, or give a default with ${VAR:-default}.",
    });
  }
  return result;
}

function walk(value: unknown, pointer: string, env: Environment, file: string, missing: string[]): unknown {
  if (typeof value === "string") return substitute(value, pointer, env, file, missing);
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${pointer}/${i}`, env, file, missing));
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = walk(item, `${pointer}/${pointerSegment(key)}`, env, file, missing);
    return out;
  }
  return value;
}

function substitute(text: string, pointer: string, env: Environment, file: string, missing: string[]): string {
  if (!text.includes("${")) return text;
  return text.replace(REFERENCE, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const value = env[name];
    // As in the shell: `:-` also replaces an empty value; a bare reference to an empty variable is "".
    if (value !== undefined && (value !== "" || fallback === undefined)) return value;
    if (fallback !== undefined) return fallback;
    missing.push(locate(file, pointer || "/", `environment variable ${name} is not set`));
    return "";
  });
}
