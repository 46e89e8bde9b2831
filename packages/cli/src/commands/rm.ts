import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT, codeOf, exitCodeFor } from "../errors";
import { loadApp } from "../loadApp";
import type { CommandResult } from "../output";
import { describeError } from "../report";
import type { Runner } from "../runner";
import { loadStorage } from "../storageElement";

export function registerRm(program: Command, run: Runner): void {
  program
    .command("rm")
    .summary("delete objects")
    .description("delete objects; a key that does not exist is not an error")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key...>", "one or more object keys")
    .action((element: string, keys: string[], _options: unknown, command: Command) => run(command, (ctx) => remove(ctx, element, keys)));
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
