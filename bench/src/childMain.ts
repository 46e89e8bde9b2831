// Entry of a bench child process: `childMain.ts <task> <json args>`. Runs one task and prints its Sample
// (with this process's peak RSS) as the last line of stdout. Tasks are required lazily so that a task
// loads only its own modules (the start-up task checks exactly that).
import { peakRssMiB } from "./harness/peakRss";
import type { Sample } from "./harness/types";

// biome-ignore lint/suspicious/noExplicitAny: each task parses its own arguments from the child's JSON message
type Task = (args: any) => Promise<Sample>;

const TASKS: Record<string, () => Task> = {
  firstGetElement: () => (require("./tasks/firstGetElement") as typeof import("./tasks/firstGetElement")).firstGetElement,
  largeTransfer: () => (require("./tasks/largeTransfer") as typeof import("./tasks/largeTransfer")).largeTransfer,
};

async function main(): Promise<void> {
  const [name, json] = process.argv.slice(2);
  const load = name === undefined ? undefined : TASKS[name];
  if (!load) throw new Error(`unknown bench task "${name}"; known: ${Object.keys(TASKS).join(", ")}`);
  const sample = await load()(JSON.parse(json ?? "{}"));
  sample.rssMiB ??= peakRssMiB();
  const compiled = (globalThis as { __benchCompiledFiles?: number }).__benchCompiledFiles ?? 0;
  process.stdout.write(`\n${JSON.stringify({ ...sample, compiled })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
