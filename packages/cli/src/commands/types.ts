import path from "node:path";
import { writeElementTypes } from "@elemental/core";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { loadApp } from "../loadApp";
import { type CommandResult, shortenPaths } from "../output";
import type { Runner } from "../runner";

export const DEFAULT_TYPES_FILE = "elemental-env.d.ts";

export function registerTypes(program: Command, run: Runner): void {
  program
    .command("types")
    .summary("write the typed element map (elemental-env.d.ts)")
    .description(`write the declaration that types app.getElement(...) for every element (default: ${DEFAULT_TYPES_FILE} at the application root)`)
    .option("--out <file>", "where to write it, relative to the current folder")
    .action((options: { out?: string }, command: Command) => run(command, (ctx) => types(ctx, options.out)));
}

async function types(ctx: CliContext, out: string | undefined): Promise<CommandResult> {
  const app = await loadApp(ctx);
  const target = out === undefined ? path.join(app.root, DEFAULT_TYPES_FILE) : ctx.resolvePath(out);
  const { file, count } = writeElementTypes(app, target);
  return { data: { file, count }, lines: [shortenPaths(`wrote ${file} (${count} elements)`, ctx.cwd)] };
}
