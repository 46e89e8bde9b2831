import { type App, type Problem, problemsOf } from "@elemental/core";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT } from "../errors";
import { inspect } from "../loadApp";
import { type CommandResult, plural, shortenPaths } from "../output";
import type { Runner } from "../runner";

export function registerValidate(program: Command, run: Runner): void {
  program
    .command("validate")
    .summary("check every declaration and instance config")
    .description("check every declaration and every instance's config; list every problem, one per line, with its code")
    .action((_options: unknown, command: Command) => run(command, validate));
}

async function validate(ctx: CliContext): Promise<CommandResult> {
  const { app, problems: declarationProblems } = await inspect(ctx);
  const [first] = declarationProblems;
  if (!app && declarationProblems.length === 1 && first?.code === "E_APP_NOT_FOUND") throw first;
  const problems = [...declarationProblems.flatMap(problemsOf), ...(app ? configProblems(app) : [])];
  const defines = app ? Object.values(app.getAllElementsDefine()) : [];
  const instances = defines.filter((define) => define.kind === "instance").length;
  const summary = { root: ctx.root, elements: defines.length, instances };
  if (problems.length === 0) {
    const counted = `${plural(defines.length, "element")}, ${plural(instances, "instance config")} valid`;
    return { data: { ok: true, ...summary, problems }, lines: [`ok: ${counted} (${ctx.root})`] };
  }
  const lines = problems.map((p) => shortenPaths(`${p.code} ${p.message}`, ctx.cwd));
  lines.push(`${plural(problems.length, "problem")} in ${ctx.root}`);
  return { data: { ok: false, ...summary, problems }, lines, exitCode: EXIT.failed };
}

/** Every instance's config problems. An instance of an undeclared Type was reported as E_UNKNOWN_TYPE already. */
function configProblems(app: App): Problem[] {
  const defines = Object.values(app.getAllElementsDefine());
  const unknownTypes = new Set(defines.filter((d) => d.type !== "" && !app.hasElement(d.type)).map((d) => d.type));
  try {
    const errors = app.validateConfigs().filter((p) => !(p.code === "E_ELEMENT_NOT_FOUND" && unknownTypes.has(p.fullName ?? "")));
    return errors.flatMap(problemsOf);
  } catch (error) {
    // A crash of the check itself (a bug, e.g. on a type cycle) must not hide the problems already found.
    const message = `the config check stopped: ${error instanceof Error ? error.message : String(error)}`;
    return [{ code: "E_INTERNAL", message, fullName: null, file: null, help: "Fix the other problems first; this one may go with them." }];
  }
}
