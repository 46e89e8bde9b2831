// `pnpm bench`: runs the scenarios, prints the table and writes bench/results.json. See bench/README.md.
import path from "node:path";
import { USAGE, parseFlags } from "./src/harness/flags";
import { writeResults } from "./src/harness/results";
import { formatTable } from "./src/harness/table";
import { contextFor, runScenarios } from "./src/runner";
import { SCENARIOS } from "./src/scenarios";
import { wanScenarios } from "./src/scenarios/wan";

// The SDK warns once per process that it will drop Node 20 in 2027; it says nothing about the figures.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2));
  if (flags.help) {
    const ids = (list: readonly { id: string }[]): string => list.map((s) => `  ${s.id}`).join("\n");
    console.log(`${USAGE}\n\nscenarios:\n${ids(SCENARIOS)}\n\nscenarios of --profile wan:\n${ids(wanScenarios({ quick: false, full: true }))}`);
    return 0;
  }
  if (!(globalThis as { gc?: unknown }).gc) console.error("[bench] note: run node with --expose-gc for steadier in-process figures");
  const context = contextFor(flags, (message) => console.error(`[bench] ${message}`));
  const { rows, failures } = await runScenarios(flags.profile === "wan" ? wanScenarios(flags) : SCENARIOS, flags, context);
  console.log(`\n${formatTable(rows)}\n`);
  console.log(
    `ratio = ours / baseline; each figure is the median of its rows' runs (column "runs" in results.json), interleaved, after ${context.warmups} warm-up round(s)`,
  );
  const out = path.resolve(flags.out ?? path.join(__dirname, `results${flags.profile === "wan" ? ".wan" : ""}${flags.quick ? ".quick" : ""}.json`));
  if (rows.length > 0) {
    writeResults(out, rows, flags.only.length > 0);
    console.log(`results written to ${path.relative(process.cwd(), out) || out}\n`);
  }
  for (const { id, error } of failures) console.error(`\n[bench] ${id} failed:\n${error.stack ?? error.message}`);
  if (rows.length === 0 && failures.length === 0) {
    console.error(`[bench] no scenario matches --only ${flags.only.join(",")}`);
    return 2;
  }
  return failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
