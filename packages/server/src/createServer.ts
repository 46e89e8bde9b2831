import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import type { App } from "@elemental/core";
import { type DiskMount, diskPlugin } from "./diskRoutes";
import { closeWhenDone } from "./gracefulClose";
import { storageSvcPlugin } from "./svcRoutes";
import type { UploadRouteOptions } from "./uploadRoute";

export interface ServerOptions extends UploadRouteOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`: loopback only. */
  host?: string;
  /** The origin clients reach the server at (behind a proxy), put in Disk and preview URLs. Default: the listening address. */
  publicBaseUrl?: string;
  /** The DiskType storages to serve. Default: every DiskType instance of the application, without a prefix. */
  disks?: readonly DiskMount[];
  /** The StorageSvc to mount. Default `storages.services.StorageSvc` when the application declares it. */
  storageSvc?: string;
  /** Called with unexpected failures; responses only carry a code. */
  onError?: (error: unknown) => void;
  /** More routes mounted on the same server (the console, an application's own), registered before it listens. */
  plugins?: readonly ServerPlugin[];
}

/** What a plugin gets besides the Fastify instance: the application, and the origin clients reach it at once listening. */
export interface ServerPluginContext {
  app: App;
  /** The public base URL (no trailing slash); known only once the server listens: read it in handlers or an `onListen` hook. */
  publicUrl(): string;
  onError?: (error: unknown) => void;
  /** Called by `close()` before the services close, e.g. to end long-lived requests. */
  onClose(hook: () => Promise<void> | void): void;
}

/** Routes from another package, mounted in their own encapsulated Fastify scope. */
export interface ServerPlugin {
  name: string;
  register(fastify: FastifyInstance, context: ServerPluginContext): Promise<void> | void;
}

export interface ElementalServer {
  /** Where the server listens, e.g. `http://127.0.0.1:41234`. */
  url: string;
  fastify: FastifyInstance;
  /** Stops accepting connections, lets transfers in flight finish, then closes the services. */
  close(): Promise<void>;
}

/**
 * One HTTP server for an application. It knows no element by name: what it serves comes from plugins,
 * by default the DiskType storages' signed URLs (diskPlugin) and the StorageSvc routes (storageSvcPlugin),
 * then `options.plugins`.
 */
export async function createServer(app: App, options: ServerOptions = {}): Promise<ElementalServer> {
  const fastify = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 4096 },
    forceCloseConnections: "idle",
    return503OnClosing: true,
  });
  const startClosing = closeWhenDone(fastify.server);
  fastify.setNotFoundHandler((_request, reply) => reply.code(404).header("cache-control", "no-store").send({ code: "E_NOT_FOUND" }));
  const host = options.host ?? "127.0.0.1";
  let publicUrl = "";
  // Root hooks run before the plugins' (Fastify runs a scope's onListen hooks, then its children's), so a
  // plugin's onListen hook already sees the public URL.
  fastify.addHook("onListen", (done) => {
    publicUrl = (options.publicBaseUrl ?? listeningUrl(fastify, host)).replace(/\/+$/, "");
    done();
  });
  const closeHooks: Array<() => Promise<void> | void> = [];
  const context: ServerPluginContext = {
    app,
    publicUrl: () => publicUrl,
    onError: options.onError,
    onClose: (hook) => void closeHooks.push(hook),
  };
  const plugins = [diskPlugin({ disks: options.disks }), storageSvcPlugin(options), ...(options.plugins ?? [])];
  for (const plugin of plugins) await fastify.register(async (scope) => plugin.register(scope, context));
  await fastify.listen({ port: options.port ?? 0, host });
  let closing: Promise<void> | undefined;
  return {
    url: listeningUrl(fastify, host),
    fastify,
    close: () =>
      (closing ??= (async () => {
        startClosing();
        for (const hook of closeHooks) await hook();
        await fastify.close(); // once transfers in flight are done; then the plugins' Fastify onClose hooks
      })()),
  };
}

function listeningUrl(fastify: FastifyInstance, host: string): string {
  const { port } = fastify.server.address() as AddressInfo;
  return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
}
