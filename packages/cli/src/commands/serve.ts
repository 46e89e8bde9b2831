import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { loadApp } from "../loadApp";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { servedStorages } from "../serve/diskHandlers";
import { choosePort, leadsHere, mountPath, parsePort } from "../serve/origin";
import { requestChain } from "../serve/requestChain";

interface ServeOptions {
  port?: number;
  host: string;
}

export function registerServe(program: Command, run: Runner): void {
  program
    .command("serve")
    .summary("serve DiskType storages' signed URLs (GET and upload PUT) over HTTP")
    .description(
      "serve the signed GET and upload PUT URLs of DiskType storages (the named ones, else all of them) until Ctrl-C; " +
        "it listens where their baseUrl points (default http://localhost:3000), so the URLs `sign` and `upload-url` print lead here",
    )
    .argument("[element...]", "DiskType storages, e.g. storages.Files (default: every one in the application)")
    .option("--port <port>", "the port (default: the one in the storages' baseUrl; 0 for any free port)", parsePort)
    .option("--host <host>", "the address to listen on", "127.0.0.1")
    .action((elements: string[], options: ServeOptions, command: Command) => run(command, (ctx) => serve(ctx, elements, options)));
}

async function serve(ctx: CliContext, elements: string[], options: ServeOptions): Promise<CommandResult> {
  const served = servedStorages(await loadApp(ctx), elements);
  const storages = served.map(({ storage }) => storage);
  const port = choosePort(storages, options.host, options.port);
  let requests = 0;
  const mounted = served.map(({ storage, handler }) => ({ handler, mountPath: mountPath(storage, options.host) }));
  const server = createServer(
    requestChain(mounted, (req, res) => {
      requests++;
      const started = Date.now();
      const path = (req.url ?? "/").split("?")[0];
      if (!ctx.json) res.on("finish", () => process.stderr.write(`${req.method} ${path} ${res.statusCode} ${Date.now() - started} ms\n`));
    }),
  );
  const address = await listen(server, options.host, port);
  const origin = `http://${address.family === "IPv6" ? `[${address.address}]` : address.address}:${address.port}`;
  const listing = served.map(({ storage }) => ({
    element: storage.fullName,
    url: `${origin}${mountPath(storage, options.host)}${storage.urlPath}/`,
    baseUrl: storage.baseUrl,
    signsHere: leadsHere(storage, options.host, address.port),
  }));
  const started = { url: origin, host: options.host, port: address.port, storages: listing };
  process.stdout.write(
    ctx.json
      ? `${JSON.stringify(started, null, 2)}\n`
      : [`serving on ${origin} (Ctrl-C to stop)`, ...listing.map((s) => `  ${s.element}  ${s.url}`), ""].join("\n"),
  );
  for (const storage of listing.filter((s) => !s.signsHere)) {
    process.stderr.write(
      `warning: ${storage.element} signs URLs for ${storage.baseUrl}, not for this server: set "baseUrl": "${origin}" in its config, or serve on the port its baseUrl names\n`,
    );
  }
  const signal = await stopSignal(ctx.signal);
  await close(server);
  return {
    data: { stopped: signal, url: origin, requests },
    lines: [`stopped (${signal}) after ${requests} request${requests === 1 ? "" : "s"}`],
    toStderr: true,
  };
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      const taken = error.code === "EADDRINUSE";
      reject(
        new CliError(taken ? "E_USAGE" : "E_IO", taken ? `${host}:${port} is in use` : `cannot listen on ${host}:${port} (${error.code ?? error.message})`, {
          cause: error,
          ...(taken ? { help: "stop what uses it, or give another --port (and the same port in the storages' baseUrl)" } : {}),
        }),
      );
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/** Resolves with the signal's name on Ctrl-C (the CLI's abort signal) or SIGTERM. */
function stopSignal(interrupted: AbortSignal): Promise<"SIGINT" | "SIGTERM"> {
  return new Promise((resolve) => {
    const onTerm = (): void => resolve("SIGTERM");
    process.once("SIGTERM", onTerm);
    const onAbort = (): void => {
      process.removeListener("SIGTERM", onTerm);
      resolve("SIGINT");
    };
    if (interrupted.aborted) onAbort();
    else interrupted.addEventListener("abort", onAbort, { once: true });
  });
}

/** Stops accepting, ends idle and open connections, and waits for the server to close. */
function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
