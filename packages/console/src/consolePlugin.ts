import type { AddressInfo } from "node:net";
import fastifyCookie from "@fastify/cookie";
import type { FastifyError, FastifyInstance, FastifyReply } from "fastify";
import type { ServerPlugin, ServerPluginContext } from "@elemental/server";
import { statusOf } from "@elemental/server";
import { isStorageError } from "@elemental/storages";
import { ConsoleAccess } from "./access";
import { type Asset, pageWithCsrf, readAssets } from "./assets";
import { mountElementRoutes } from "./elementsRoutes";
import { isConsoleError } from "./errors";
import { LateDisks } from "./lateDisks";
import { createInstance, editInstance } from "./instanceWrites";
import { mountObjectRoutes } from "./objectsRoutes";
import { contentSecurityPolicy, setSecurityHeaders } from "./securityHeaders";
import { storageOrigins } from "./storageOrigins";
import { mountUploadRoutes } from "./uploadRoutes";
import { ConsoleWorkspace } from "./workspace";
import { type WriteLog, stderrLog } from "./writeLog";

export interface ConsoleOptions {
  /** The access token every request must carry (see `newConsoleToken`). */
  token: string;
  /** Where the console is mounted. Default `/console`. */
  basePath?: string;
  /** Where write actions are reported, one line each. Default: stderr. */
  log?: WriteLog;
  /** The built page's folder. Default: the package's own `assets/`. */
  assetsDir?: string;
}

/** The web console as a route plugin of `@elemental/server`: `createServer(app, { plugins: [consolePlugin({ token })] })`. */
export function consolePlugin(options: ConsoleOptions): ServerPlugin {
  const basePath = (options.basePath ?? "/console").replace(/\/+$/, "");
  return {
    name: "console",
    register: async (fastify, context) => {
      const lateDisks = new LateDisks(() => `${context.publicUrl()}${basePath}/disk`);
      await fastify.register(async (scope) => lateDisks.mount(scope, `${basePath}/disk`, context.onError), { prefix: `${basePath}/disk` });
      await fastify.register((scope) => mountConsole(scope, context, options, basePath, lateDisks), { prefix: basePath });
    },
  };
}

function listeningOrigin(scope: FastifyInstance): string {
  const { address, family, port } = scope.server.address() as AddressInfo;
  return `http://${family === "IPv6" ? `[${address}]` : address}:${port}`;
}

async function mountConsole(
  scope: FastifyInstance,
  context: ServerPluginContext,
  options: ConsoleOptions,
  basePath: string,
  lateDisks: LateDisks,
): Promise<void> {
  const assets = readAssets(options.assetsDir);
  const access = new ConsoleAccess(options.token, basePath, () => [new URL(context.publicUrl()).origin, listeningOrigin(scope)]);
  const workspace = new ConsoleWorkspace(context.app, (storage) => lateDisks.adopt(storage));
  const log = options.log ?? stderrLog;
  context.onClose(() => workspace.close());
  await scope.register(fastifyCookie);
  scope.addHook("onRequest", async (request, reply) => {
    setSecurityHeaders(reply, contentSecurityPolicy([]));
    // `/console` goes to `/console/` before the token check, so that the token in the query goes along.
    if (request.routeOptions.url === basePath) return reply.redirect(`${basePath}/${request.url.slice(basePath.length)}`, 302);
    if (access.check(request, reply)) return reply;
  });
  scope.setErrorHandler((error: FastifyError, _request, reply) => {
    if (isConsoleError(error)) return reply.code(error.status).send({ code: error.code, message: error.message });
    if (error.validation) return reply.code(400).send({ code: "E_BAD_REQUEST", message: error.message });
    const { status, code } = statusOf(error);
    if (status >= 500) context.onError?.(error);
    // Storage messages name no secret (they are redacted where they are made); anything else stays on the server.
    const message = isStorageError(error) ? error.message.split("\n")[0] : "the console failed; see the terminal";
    return reply.code(status).send({ code: isStorageError(error) ? error.code : code, message });
  });

  const page = assets.get("index.html") as Asset;
  const sendPage = async (_request: unknown, reply: FastifyReply) => {
    const origins = await storageOrigins(workspace);
    setSecurityHeaders(reply, contentSecurityPolicy(origins));
    return reply.type(page.type).header("cache-control", "no-store").send(pageWithCsrf(page, access.csrf));
  };
  // Served at `/console/` only: at `/console` the page's relative asset URLs would miss the folder (a blank page).
  scope.get("/", { prefixTrailingSlash: "slash" }, sendPage);
  scope.get("", async () => undefined); // redirected by the hook above
  scope.get<{ Params: { "*": string } }>("/assets/*", async (request, reply) => {
    const asset = assets.get(`assets/${request.params["*"]}`);
    if (!asset) return reply.code(404).send({ code: "E_NOT_FOUND", message: "no such file" });
    return reply.type(asset.type).header("cache-control", "private, max-age=31536000, immutable").send(asset.body);
  });

  mountElementRoutes(scope, workspace);
  scope.post<{ Body: { element: string; type: string; title?: string; config: Record<string, unknown> } }>(
    "/api/instances",
    {
      schema: {
        body: {
          type: "object",
          required: ["element", "type", "config"],
          properties: { element: { type: "string" }, type: { type: "string" }, title: { type: "string" }, config: { type: "object" } },
        },
      },
    },
    async (request) => createInstance(workspace, request.body, log),
  );
  scope.put<{ Params: { fullName: string }; Body: { config: Record<string, unknown> } }>(
    "/api/instances/:fullName",
    { schema: { body: { type: "object", required: ["config"], properties: { config: { type: "object" } } } } },
    async (request) => editInstance(workspace, request.params.fullName, request.body.config, log),
  );
  mountObjectRoutes(scope, workspace, log);
  mountUploadRoutes(scope, workspace, log);
}
