import type { AddressInfo } from "node:net";
import Fastify, { type FastifyInstance } from "fastify";
import type { App } from "@elemental/core";
import type { DiskStorage } from "@elemental/storage-disk";
import type { StorageSvc } from "@elemental/storage-service";
import { diskInstances, mountDisk } from "./diskRoutes";
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
  /** The StorageSvc to mount. Default `storages.services.StorageSvc` when the application declares it. */
  storageSvc?: string;
  /** Called with unexpected failures; responses only carry a code. */
  onError?: (error: unknown) => void;
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
  const disks = diskInstances(app).map((name) => app.getElement<DiskStorage>(name));
  for (const disk of disks) mountDisk(fastify, disk, { onError: options.onError });
  const svcName = options.storageSvc ?? "storages.services.StorageSvc";
  const svc = app.hasElement(svcName) ? app.getElement<StorageSvc>(svcName) : undefined;
  if (svc) mountStorageSvc(fastify, svc, options);
  const host = options.host ?? "127.0.0.1";
  await fastify.listen({ port: options.port ?? 0, host });
  const { port } = fastify.server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const publicUrl = (options.publicBaseUrl ?? url).replace(/\/+$/, "");
  for (const disk of disks) disk.useOrigin(publicUrl);
  svc?.useBaseUrl(publicUrl);
  svc?.startSweeping();
  let closing: Promise<void> | undefined;
  return {
    url,
    fastify,
    close: () =>
      (closing ??= (async () => {
        startClosing();
        await fastify.close();
        await svc?.close();
      })()),
  };
}
