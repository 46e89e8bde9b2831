import type { StorageBase } from "@elemental/storages";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT, codeOf, exitCodeFor } from "../errors";
import type { CommandResult } from "../output";
import { describeError } from "../report";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";

/** Existence checks in flight at once (one request each on a remote storage). */
const CHECKS_AT_ONCE = 16;
import { removeRecursive } from "./rmRecursive";

export function registerRm(program: Command, run: Runner): void {
  program
    .command("rm")
    .summary("delete objects")
    .description("delete objects; a key that does not exist is not an error (it is reported as not there)")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key...>", "one or more object keys (with -r: prefixes)")
    .option("-r, --recursive", "delete every object under each prefix, after a confirmation")
    .option("-y, --yes", "with -r: do not ask for a confirmation")
    .action((element: string, keys: string[], options: { recursive?: boolean; yes?: boolean }, command: Command) =>
      run(command, (ctx) => (options.recursive ? removeRecursive(ctx, element, keys, options) : remove(ctx, element, keys))),
    );
}

async function remove(ctx: CliContext, element: string, keys: string[]): Promise<CommandResult> {
  const storage = await openStorage(ctx, element);
  // The storage's delete succeeds for a missing key too: ask first, so that the report can tell them apart.
  const absent = await missingKeys(storage, keys, ctx.signal);
  const result = await storage.deleteMany(keys, { signal: ctx.signal });
  const deleted = result.deleted.filter((key) => !absent.has(key));
  const missing = result.deleted.filter((key) => absent.has(key));
  const failures = result.errors.map(({ name, error }) => ({ key: name, ...describeError(error) }));
  const [first] = result.errors;
  return {
    data: { element: storage.fullName, deleted, missing, errors: failures },
    lines: [
      ...deleted.map((key) => `deleted ${storage.fullName}:${key}`),
      ...missing.map((key) => `not there: ${storage.fullName}:${key} (nothing to delete)`),
    ],
    errors: failures.map((f) => `error ${f.code}: ${f.message}`),
    exitCode: first ? exitCodeFor(codeOf(first.error)) : EXIT.ok,
  };
}

/** The keys that do not exist. A key whose check fails is left to the delete, which reports the failure. */
async function missingKeys(storage: StorageBase, keys: readonly string[], signal: AbortSignal): Promise<Set<string>> {
  const missing = new Set<string>();
  const unique = [...new Set(keys)];
  for (let start = 0; start < unique.length; start += CHECKS_AT_ONCE) {
    const batch = unique.slice(start, start + CHECKS_AT_ONCE);
    const found = await Promise.all(batch.map((key) => storage.exists(key, { signal }).catch(() => true)));
    batch.forEach((key, i) => {
      if (found[i] === false) missing.add(key);
    });
  }
  return missing;
}
