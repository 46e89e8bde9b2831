import { Command, CommanderError, Option } from "commander";
import { registerCheck } from "./commands/check";
import { registerConsole } from "./commands/console";
import { registerGet } from "./commands/get";
import { registerInit } from "./commands/init";
import { registerLs } from "./commands/ls";
import { registerNew } from "./commands/new";
import { registerPut } from "./commands/put";
import { registerRm } from "./commands/rm";
import { registerRmElement } from "./commands/rmElement";
import { registerSign } from "./commands/sign";
import { registerStat } from "./commands/stat";
import { registerSyncCopyMoveServe } from "./commands/syncCopyMoveServe";
import { registerTypes } from "./commands/types";
import { registerUploadUrl } from "./commands/uploadUrl";
import { registerValidate } from "./commands/validate";
import { type GlobalOptions, createContext } from "./context";
import { CliError, EXIT, codeOf, exitCodeFor } from "./errors";
import { closeApps } from "./loadApp";
import { printResult } from "./output";
import { reportError } from "./report";
import { repeatable } from "./transfer";
import type { Runner } from "./runner";
import { enableTypeScriptTypes } from "./typescriptTypes";
import { userCwd } from "./userCwd";
import { cliVersion } from "./version";

const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    validation problems, or the operation failed
  2    usage error: unknown command or option, bad argument, invalid key
  3    not found: the object, the element, the application or a local file
  130  interrupted (Ctrl-C)`;

/** The `elemental` program: global options and one sub-command per file under commands/. */
export function buildProgram(run: Runner): Command {
  const program = new Command("elemental")
    .description("Inspect, validate and scaffold an Elemental application; move objects in and out of its storages.")
    .version(cliVersion(), "-V, --version")
    .option("--root <dir>", "the application folder (default: the nearest folder with an app.json, from the current one up)")
    .addOption(new Option("--env-file <file>", "read ${VAR} values from a dotenv file (repeatable; the process environment wins)").argParser(repeatable))
    .option("--json", "print one JSON document instead of text")
    .option("--debug", "print stack traces of errors")
    .option("--no-progress", "never draw a progress bar")
    .exitOverride()
    .configureOutput({ outputError: () => undefined })
    .showSuggestionAfterError(true)
    .configureHelp({ showGlobalOptions: true })
    .addHelpText("after", EXIT_CODES_HELP);
  for (const register of [
    registerInit,
    registerLs,
    registerValidate,
    registerTypes,
    registerNew,
    registerRmElement,
    registerCheck,
    registerPut,
    registerGet,
    registerStat,
    registerRm,
    registerSyncCopyMoveServe,
    registerSign,
    registerUploadUrl,
    registerConsole,
  ]) {
    register(program, run);
  }
  return program;
}

/** Runs the command line; resolves to the exit code. Never throws. */
export async function run(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const onInterrupt = (): void => {
    controller.abort();
    // A transfer stops on the signal and cleans up (an aborted multipart upload is aborted on the server),
    // then the command returns. Only a command that does not return leaves after a grace period; a second
    // Ctrl-C leaves at once.
    setTimeout(interruptNow, 15_000).unref();
    process.once("SIGINT", interruptNow);
  };
  const interruptNow = (): void => {
    process.stderr.write("error E_ABORTED: interrupted\n");
    process.exit(EXIT.interrupted);
  };
  process.once("SIGINT", onInterrupt);
  let exitCode: number = EXIT.ok;
  const runner: Runner = async (command, handler) => {
    const ctx = createContext(command.optsWithGlobals<GlobalOptions>(), controller.signal);
    enableTypeScriptTypes(ctx.root);
    let closed = true;
    // A failed app.close() is told on stderr without hiding the command's own outcome; it fails a command that succeeded.
    const result = await handler(ctx).finally(() =>
      closeApps().catch((error: unknown) => {
        closed = false;
        reportError(error, { json: false, debug: ctx.debug, cwd: ctx.cwd });
      }),
    );
    printResult(result, ctx.json);
    for (const line of result.errors ?? []) process.stderr.write(`${line}\n`);
    const code = result.exitCode ?? EXIT.ok;
    exitCode = !closed && code === EXIT.ok ? EXIT.failed : code;
  };
  try {
    await buildProgram(runner).parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    return handleFailure(error, argv);
  } finally {
    process.removeListener("SIGINT", onInterrupt);
  }
}

function handleFailure(error: unknown, argv: readonly string[]): number {
  // The reader of our stdout went away (`elemental get ... - | head`): it has what it wanted.
  if ((error as { code?: unknown } | null)?.code === "EPIPE") return EXIT.ok;
  const flags = { json: argv.includes("--json"), debug: argv.includes("--debug"), cwd: userCwd() };
  if (error instanceof CommanderError) {
    // Help and version were printed: 0 when asked for, 2 when shown because no command was given.
    if (["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code)) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    const message = error.message.replace(/^error: /, "");
    reportError(new CliError("E_USAGE", message, { help: 'run "elemental --help", or "elemental <command> --help"' }), flags);
    return EXIT.usage;
  }
  reportError(error, flags);
  return exitCodeFor(codeOf(error));
}

/** The process entry: runs, flushes the output, and exits with the code (open sockets do not hold it). */
export function cliMain(): void {
  const argv = process.argv.slice(2);
  // The AWS SDK prints a nine-line notice on Node 20 for every S3 command; the README says it once.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  let finished = false;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(EXIT.ok);
  });
  // Node exits quietly, with 0, when the work left waits on a promise nothing will settle: say so, and fail.
  process.once("beforeExit", () => {
    if (finished) return;
    handleFailure(new Error("the command stopped before it finished (it waited on something that never completes)"), argv);
    process.exit(EXIT.failed);
  });
  void run(argv).then((code) => {
    finished = true;
    process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
  });
}

if (require.main === module) cliMain();
