import { prefixProblem } from "@elemental/storages";
import type { CliContext } from "../context";
import { confirm } from "../confirm";
import { CliError, EXIT, codeOf, exitCodeFor } from "../errors";
import { type CommandResult, humanBytes } from "../output";
import { describeError } from "../report";
import { openStorage } from "../storageElement";

/** Keys per deleteMany call (S3's DeleteObjects takes at most 1,000). */
const BATCH = 1000;

/**
 * `rm -r <element> <prefix>...`: every object under each prefix, taken as a folder (`photos` means
 * `photos/`, `""` the whole storage). It counts them, asks for a confirmation unless `yes`, then deletes
 * in batches; one failed key does not stop the others.
 */
export async function removeRecursive(ctx: CliContext, element: string, prefixes: readonly string[], options: { yes?: boolean }): Promise<CommandResult> {
  const folders = prefixes.map(asFolder);
  const storage = await openStorage(ctx, element);
  const keys: string[] = [];
  let bytes = 0;
  for (const prefix of new Set(folders)) {
    for await (const entry of storage.list(prefix, { signal: ctx.signal })) {
      keys.push(entry.name);
      bytes += entry.size;
    }
  }
  const where = folders.map((prefix) => `${storage.fullName}:${prefix}`).join(", ");
  const summary = { element: storage.fullName, prefixes: folders, count: keys.length, bytes };
  if (keys.length === 0) return { data: { ...summary, deleted: 0, errors: [] }, lines: [`no objects under ${where}`] };
  const question = `delete ${keys.length} object${keys.length === 1 ? "" : "s"} (${humanBytes(bytes)}) under ${where}?`;
  if (options.yes !== true && !(await confirm(question, "--yes"))) {
    return { data: { ...summary, deleted: 0, cancelled: true, errors: [] }, lines: ["cancelled: nothing deleted"] };
  }
  const deleted: string[] = [];
  const errors: Array<{ key: string; code: string; message: string }> = [];
  let firstError: unknown;
  for (let start = 0; start < keys.length; start += BATCH) {
    ctx.signal.throwIfAborted();
    const result = await storage.deleteMany(keys.slice(start, start + BATCH), { signal: ctx.signal });
    deleted.push(...result.deleted);
    for (const { name, error } of result.errors) {
      firstError ??= error;
      errors.push({ key: name, ...describeError(error) });
    }
  }
  return {
    data: { ...summary, deleted: deleted.length, errors },
    lines: [`deleted ${deleted.length} object${deleted.length === 1 ? "" : "s"} under ${where}${errors.length > 0 ? `; ${errors.length} failed` : ""}`],
    errors: errors.map((error) => `error ${error.code}: ${error.key}: ${error.message}`),
    exitCode: firstError === undefined ? EXIT.ok : exitCodeFor(codeOf(firstError)),
  };
}

function asFolder(prefix: string): string {
  const folder = prefix === "" || prefix.endsWith("/") ? prefix : `${prefix}/`;
  const problem = prefixProblem(folder);
  if (problem) throw new CliError("E_USAGE", `"${prefix}" is not a valid prefix: ${problem}`);
  return folder;
}
