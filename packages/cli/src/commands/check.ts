import type { Command } from "commander";
import type { CliContext } from "../context";
import { EXIT, exitCodeFor } from "../errors";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";

export function registerCheck(program: Command, run: Runner): void {
  program
    .command("check")
    .summary("check that a storage works, step by step")
    .description(
      "check a storage: resolve its endpoint, reach it, verify the credentials and the bucket, write, read and delete a probe object under .elemental-check/; each step timed, a failure with its code and the fix",
    )
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .action((element: string, _options: unknown, command: Command) => run(command, (ctx) => check(ctx, element)));
}

const MARK = { ok: "ok", warning: "warn", failed: "FAIL", skipped: "skip" } as const;

async function check(ctx: CliContext, element: string): Promise<CommandResult> {
  const storage = await openStorage(ctx, element);
  const report = await storage.check({ signal: ctx.signal });
  const lines = [`check ${report.element} (${report.storageType})`];
  for (const step of report.steps) {
    const time = step.status === "skipped" ? "" : `${step.ms.toFixed(1)} ms`;
    lines.push(`  ${MARK[step.status].padEnd(4)} ${time.padStart(10)}  ${step.name}${step.detail ? `: ${step.detail}` : ""}`);
    if (step.error) lines.push(`${" ".repeat(18)}${step.error.message}`);
    if (step.fix) lines.push(`${" ".repeat(18)}fix: ${step.fix}`);
  }
  const failed = report.steps.find((step) => step.status === "failed");
  lines.push(failed ? `${report.element} does not work: ${failed.name} failed` : `${report.element} works`);
  const steps = report.steps.map(({ error, ...step }) => (error ? { ...step, error: { code: error.code, message: error.message } } : step));
  return {
    data: { element: report.element, storageType: report.storageType, ok: report.ok, steps },
    lines,
    exitCode: failed?.error ? exitCodeFor(failed.error.code) : EXIT.ok,
  };
}
