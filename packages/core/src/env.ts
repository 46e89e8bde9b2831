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

/** Deeper configs are refused rather than walked (the walk recurses; 100,000 levels would overflow the stack). */
const MAX_DEPTH = 1000;

function walk(value: unknown, pointer: string, env: Environment, file: string, missing: string[], depth = 0): unknown {
  if (typeof value === "string") return substitute(value, pointer, env, file, missing);
  if (value === null || typeof value !== "object") return value;
  if (depth >= MAX_DEPTH) {
    throw new ElementError("E_INVALID_CONFIG", `${file} nests values more than ${MAX_DEPTH} levels deep`, { file, pointer: pointer || "/" });
  }
  if (Array.isArray(value)) return value.map((item, i) => walk(item, `${pointer}/${i}`, env, file, missing, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    // defineProperty, not assignment: a "__proto__" key must stay a key, not replace the object's prototype.
    const walked = walk(item, `${pointer}/${pointerSegment(key)}`, env, file, missing, depth + 1);
    Object.defineProperty(out, key, { value: walked, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function substitute(text: string, pointer: string, env: Environment, file: string, missing: string[]): string {
  if (!text.includes("${")) return text;
  return text.replace(REFERENCE, (whole, escaped: string, name: string, fallback: string | undefined) => {
    if (escaped) return whole.slice(1);
    const value = env[name];
    // As in the shell: `:-` also replaces an empty value; a bare reference to an empty variable is "".
    if (value !== undefined && (value !== "" || fallback === undefined)) return value;
    if (fallback !== undefined) return fallback;
    const shown = name.length > 100 ? `${name.slice(0, 100)}…` : name;
    missing.push(locate(file, pointer || "/", `environment variable ${shown} is not set`));
    return "";
  });
}
