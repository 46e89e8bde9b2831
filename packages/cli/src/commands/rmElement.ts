import { rmSync } from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { loadApp } from "../loadApp";
import { type CommandResult, shortenPaths } from "../output";
import type { Runner } from "../runner";
import { fullNameOf } from "../storageElement";

export function registerRmElement(program: Command, run: Runner): void {
  program
    .command("rm-element")
    .summary("remove an instance from the application")
    .description("remove an instance's folder (e.json, its config, its module) after its Type's onDelete; the data it points at is left alone")
    .argument("<element>", "an instance of this application, e.g. storages.Files")
    .action((element: string, _options: unknown, command: Command) => run(command, (ctx) => removeElement(ctx, element)));
}

async function removeElement(ctx: CliContext, element: string): Promise<CommandResult> {
  const fullName = fullNameOf(element);
  const app = await loadApp(ctx, { only: [fullName] });
  const define = app.getElementDefine(fullName);
  if (define.kind !== "instance" || define.appRoot !== app.root) {
    throw new CliError(
      "E_USAGE",
      `${fullName} is ${define.kind !== "instance" ? `a ${define.kind}` : `declared by ${define.appRoot}`}: rm-element removes instances of this application`,
    );
  }
  const folder = path.dirname(define.file);
  await app.runTypeHook("onDelete", fullName);
  rmSync(folder, { recursive: true });
  return { data: { element: fullName, removed: folder }, lines: [shortenPaths(`removed ${fullName} (${folder})`, ctx.cwd)] };
}
