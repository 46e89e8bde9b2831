import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Command } from "commander";
import type { ServerOptions } from "@elemental/server";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { loadApp } from "../loadApp";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { fromLoopback, parseMaxUploadBytes, parsePublicUrl } from "../serve/options";
import { choosePort, leadsHere, mountPath, parsePort } from "../serve/origin";
import { type Served, servedStorageSvc, servedStorages } from "../serve/servedElements";
import { stopSignal } from "../stopSignal";

interface ServeOptions {
  port?: number;
  host: string;
  publicUrl?: string;
  maxUploadBytes?: number;
  allowUploads?: boolean;
}

export function registerServe(program: Command, run: Runner): void {
  program
    .command("serve")
    .summary("serve DiskType storages' signed URLs and StorageSvc's previews, thumbnails and uploads over HTTP")
    .description(
      "serve the signed GET and upload PUT URLs of DiskType storages (the named ones, else all of them), and the routes of " +
        "storages.services.StorageSvc when the application declares it, until Ctrl-C or SIGTERM (transfers in flight finish); " +
        "it listens where their baseUrl points (default http://localhost:3000), so the URLs `sign` and `upload-url` print lead here",
    )
    .argument("[element...]", "DiskType storages, e.g. storages.Files (default: every one in the application)")
    .option("--port <port>", "the port (default: the one in the storages' baseUrl; 0 for any free port)", parsePort)
    .option("--host <host>", "the address to listen on", "127.0.0.1")
    .option("--public-url <url>", "the URL clients reach this server at (behind a proxy): put in the URLs it hands out", parsePublicUrl)
    .option("--max-upload-bytes <bytes>", "the largest body StorageSvc's upload route accepts (default 1 GiB)", parseMaxUploadBytes)
    .option("--allow-uploads", "let clients on this machine upload through StorageSvc's upload route (refused by default)")
    .action((elements: string[], options: ServeOptions, command: Command) => run(command, (ctx) => serve(ctx, elements, options)));
}

async function serve(ctx: CliContext, elements: string[], options: ServeOptions): Promise<CommandResult> {
  const app = await loadApp(ctx);
  const storages = servedStorages(app, elements);
  const svc = servedStorageSvc(app);
  const port = choosePort(storages.length > 0 ? storages : svc ? [svc] : [], options.host, options.port);
  // Loaded here, not at the top: the other commands do not pay for Fastify.
  const { createServer } = await import("@elemental/server");
  const server = await createServer(app, {
    port,
    host: options.host,
    disks: storages.map((storage) => ({ storage: storage.fullName, prefix: mountPath(storage, options.host) })),
    ...serverOptions(options),
  }).catch((error: unknown) => Promise.reject(listenError(error, options.host, port)));
  let requests = 0;
  server.fastify.server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    requests++;
    if (!ctx.json) logWhenDone(req, res);
  });
  const { address, family, port: listening } = server.fastify.server.address() as AddressInfo;
  const origin = `http://${family === "IPv6" ? `[${address}]` : address}:${listening}`;
  const describe = (element: Served) => ({
    element: element.fullName,
    url: `${origin}${mountPath(element, options.host)}${element.urlPath}/`,
    baseUrl: element.baseUrl,
    signsHere: leadsHere(element, options.host, listening, options.publicUrl),
  });
  const started = { url: origin, host: options.host, port: listening, storages: storages.map(describe), services: svc ? [describe(svc)] : [] };
  const listing = [...started.storages, ...started.services];
  process.stdout.write(
    ctx.json
      ? `${JSON.stringify(started, null, 2)}\n`
      : [`serving on ${origin} (Ctrl-C to stop)`, ...listing.map((s) => `  ${s.element}  ${s.url}`), ""].join("\n"),
  );
  for (const element of listing.filter((s) => !s.signsHere)) {
    process.stderr.write(
      `warning: ${element.element} signs URLs for ${element.baseUrl}, not for this server: set "baseUrl": "${options.publicUrl ?? origin}" in its config, or serve on the port its baseUrl names\n`,
    );
  }
  const signal = await stopSignal(ctx.signal);
  await server.close();
  return {
    data: { stopped: signal, url: origin, requests },
    lines: [`stopped (${signal}) after ${requests} request${requests === 1 ? "" : "s"}`],
    toStderr: true,
  };
}

/** What the command line sets of the server beyond where it listens. */
function serverOptions(options: ServeOptions): ServerOptions {
  return {
    ...(options.publicUrl === undefined ? {} : { publicBaseUrl: options.publicUrl }),
    ...(options.maxUploadBytes === undefined ? {} : { maxUploadBytes: options.maxUploadBytes }),
    // Uploads through StorageSvc carry no signature: without --allow-uploads nobody may, with it only this machine.
    ...(options.allowUploads ? { authorizeUpload: (request) => fromLoopback(request.socket.remoteAddress) } : {}),
    onError: (error) => process.stderr.write(`error while serving: ${error instanceof Error ? error.message : String(error)}\n`),
  };
}

function listenError(error: unknown, host: string, port: number): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE") {
    return new CliError("E_USAGE", `${host}:${port} is in use`, {
      cause: error,
      help: "stop what uses it, or give another --port (and the same port in the storages' baseUrl)",
    });
  }
  if (code === "EADDRNOTAVAIL" || code === "EACCES") return new CliError("E_IO", `cannot listen on ${host}:${port} (${code})`, { cause: error });
  return error;
}

/** One line on stderr per request once its response is sent: method, path (no query: it holds signatures), status, time. */
function logWhenDone(req: IncomingMessage, res: ServerResponse): void {
  const started = Date.now();
  const path = (req.url ?? "/").split("?")[0];
  res.on("finish", () => process.stderr.write(`${req.method} ${path} ${res.statusCode} ${Date.now() - started} ms\n`));
}
