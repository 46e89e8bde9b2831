import { spawn } from "node:child_process";
import { combineProblems } from "@elemental/core";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { inspect } from "../loadApp";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { parsePort } from "../serve/origin";
import { stopSignal } from "../stopSignal";

interface ConsoleOptions {
  port?: number;
  host: string;
  open: boolean;
}

export function registerConsole(program: Command, run: Runner): void {
  program
    .command("console")
    .summary("open the web console: elements, instance forms, objects (Ctrl-C to stop)")
    .description(
      "serve the web console on 127.0.0.1 until Ctrl-C: the application's elements and their problems, forms to create and edit instances, " +
        "and a browser of each storage's objects with uploads straight from the browser. It prints its URL once, with a random access token.",
    )
    .option("--port <port>", "the port (default: any free port)", parsePort)
    .option("--host <host>", "the address to listen on (anything but loopback lets other machines try the token)", "127.0.0.1")
    .option("--no-open", "do not open a browser")
    .action((options: ConsoleOptions, command: Command) => run(command, (ctx) => serveConsole(ctx, options)));
}

async function serveConsole(ctx: CliContext, options: ConsoleOptions): Promise<CommandResult> {
  const { app, problems } = await inspect(ctx);
  // The console shows declaration problems itself; only an application that cannot be read at all stops it.
  if (!app) throw combineProblems(problems);
  const [{ createServer }, { consolePlugin, newConsoleToken }] = await Promise.all([import("@elemental/server"), import("@elemental/console")]);
  const token = newConsoleToken();
  const server = await createServer(app, { port: options.port ?? 0, host: options.host, plugins: [consolePlugin({ token })] });
  const url = `${server.url}/console/?token=${token}`;
  process.stdout.write(ctx.json ? `${JSON.stringify({ url })}\n` : `console: ${url}\n(open it in a browser; Ctrl-C to stop)\n`);
  if (!["127.0.0.1", "::1", "localhost"].includes(options.host)) {
    process.stderr.write(`warning: listening on ${options.host}: other machines can reach the console (the token still guards it)\n`);
  }
  if (options.open && process.stdout.isTTY && !process.env.CI) openBrowser(url);
  const signal = await stopSignal(ctx.signal);
  await server.close();
  return { data: { stopped: signal }, lines: [`console stopped (${signal})`], toStderr: true };
}

/** Best effort: the platform's opener; the printed URL is there when it fails. */
function openBrowser(url: string): void {
  const [command, ...args] = process.platform === "darwin" ? ["open", url] : process.platform === "win32" ? ["cmd", "/c", "start", "", url] : ["xdg-open", url];
  const child = spawn(command as string, args, { stdio: "ignore", detached: true });
  child.on("error", () => undefined);
  child.unref();
}
