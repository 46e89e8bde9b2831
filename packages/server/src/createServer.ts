import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import type { App } from "@elemental/core";
import type { DiskStorage } from "@elemental/storage-disk";
import type { StorageSvc } from "@elemental/storage-service";
import { type DiskMount, diskInstances, mountDisk } from "./diskRoutes";
import { closeWhenDone } from "./gracefulClose";
import { mountStorageSvc } from "./svcRoutes";
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
  /** The public base URL (no trailing slash); known only once the server listens, so read it inside handlers. */
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

/** One HTTP server for an application: its DiskType storages' signed URLs and the StorageSvc routes. */
export async function createServer(app: App, options: ServerOptions = {}): Promise<ElementalServer> {
  const fastify = Fastify({
    logger: false,
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 4096 },
    forceCloseConnections: "idle",
    return503OnClosing: true,
  });
  const startClosing = closeWhenDone(fastify.server);
  const mounts: readonly DiskMount[] = options.disks ?? diskInstances(app).map((storage) => ({ storage }));
  const disks = mounts.map((mount) => ({ disk: app.getElement<DiskStorage>(mount.storage), prefix: mount.prefix ?? "" }));
  for (const { disk, prefix } of disks) mountDisk(fastify, disk, prefix, { onError: options.onError });
  fastify.setNotFoundHandler((_request, reply) => reply.code(404).header("cache-control", "no-store").send({ code: "E_NOT_FOUND" }));
  const svcName = options.storageSvc ?? "storages.services.StorageSvc";
  const svc = app.hasElement(svcName) ? app.getElement<StorageSvc>(svcName) : undefined;
  if (svc) mountStorageSvc(fastify, svc, options);
  let publicUrl = "";
  const closeHooks: Array<() => Promise<void> | void> = [];
  const context: ServerPluginContext = {
    app,
    publicUrl: () => publicUrl,
    onError: options.onError,
    onClose: (hook) => void closeHooks.push(hook),
  };
  for (const plugin of options.plugins ?? []) {
    await fastify.register(async (scope) => plugin.register(scope, context));
  }
  const host = options.host ?? "127.0.0.1";
  await fastify.listen({ port: options.port ?? 0, host });
  const { port } = fastify.server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  publicUrl = (options.publicBaseUrl ?? url).replace(/\/+$/, "");
  for (const { disk } of disks) disk.useOrigin(publicUrl);
  svc?.useBaseUrl(publicUrl);
  svc?.startSweeping();
  let closing: Promise<void> | undefined;
  return {
    url,
    fastify,
    close: () =>
      (closing ??= (async () => {
        startClosing();
        for (const hook of closeHooks) await hook();
        await fastify.close();
        await svc?.close();
      })()),
  };
}
