import { locate } from "./errors";
import { pointerSegment } from "./json";

export const NEAR_MISS_HELP = "Correct the field's name; a field of your own needs a name further from the spec's.";

/** The fields a JSON document may hold; a field's own tree lists the fields known inside it (empty: none checked). */
export type FieldTree = { readonly [field: string]: FieldTree };

/**
 * Every field of `json` that is not known but is one typo away from a field that is (a wrong case, a
 * missing, extra, wrong or swapped letter), as `file#/pointer: unknown field; did you mean "x"?`. Fields far
 * from every known one are not reported: the spec keeps unknown fields.
 */
export function nearMissFields(json: unknown, known: FieldTree, file: string, pointer = ""): string[] {
  if (!isPlainObject(json)) return [];
  const problems: string[] = [];
  for (const [field, value] of Object.entries(json)) {
    const at = `${pointer}/${pointerSegment(field)}`;
    const inside = Object.hasOwn(known, field) ? known[field] : undefined;
    if (inside !== undefined) {
      if (Object.keys(inside).length > 0) problems.push(...nearMissFields(value, inside, file, at));
      continue;
    }
    const meant = closestField(field, Object.keys(known));
    if (meant !== undefined) problems.push(locate(file, at, `unknown field; did you mean "${meant}"?`));
  }
  return problems;
}

/** The known field `field` is a typo of, if any. Short names must match but for case: "db" is not a typo of "id". */
function closestField(field: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const allowed = name.length <= 3 ? 0 : name.length <= 5 ? 1 : 2;
    const distance = typoDistance(field.toLowerCase(), name.toLowerCase());
    if (distance <= allowed && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** Edits (insert, delete, substitute, swap two neighbours) from a to b: optimal string alignment distance. */
export function typoDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3; // further than any allowed typo; skips the table
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  const at = (i: number, j: number): number => rows[i]?.[j] ?? 0;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      (rows[i] as number[])[j] = value;
    }
  }
  return at(a.length, b.length);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
