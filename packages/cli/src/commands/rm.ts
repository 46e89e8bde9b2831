import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT, codeOf, exitCodeFor } from "../errors";
import { loadApp } from "../loadApp";
import type { CommandResult } from "../output";
import { describeError } from "../report";
import type { Runner } from "../runner";
import { loadStorage } from "../storageElement";
import { removeRecursive } from "./rmRecursive";

export function registerRm(program: Command, run: Runner): void {
  program
    .command("rm")
    .summary("delete objects")
    .description("delete objects; a key that does not exist is not an error")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key...>", "one or more object keys (with -r: prefixes)")
    .option("-r, --recursive", "delete every object under each prefix, after a confirmation")
    .option("-y, --yes", "with -r: do not ask for a confirmation")
    .action((element: string, keys: string[], options: { recursive?: boolean; yes?: boolean }, command: Command) =>
      run(command, (ctx) => (options.recursive ? removeRecursive(ctx, element, keys, options) : remove(ctx, element, keys))),
    );
}

async function remove(ctx: CliContext, element: string, keys: string[]): Promise<CommandResult> {
  const storage = loadStorage(await loadApp(ctx), element);
  const { deleted, errors } = await storage.deleteMany(keys, { signal: ctx.signal });
  const failures = errors.map(({ name, error }) => ({ key: name, ...describeError(error) }));
  const [first] = errors;
  return {
    data: { element: storage.fullName, deleted, errors: failures },
    lines: deleted.map((key) => `deleted ${storage.fullName}:${key}`),
    errors: failures.map((f) => `error ${f.code}: ${f.message}`),
    exitCode: first ? exitCodeFor(codeOf(first.error)) : EXIT.ok,
  };
}
