import type { FastifyInstance } from "fastify";
import { leaveBodiesUnread } from "@elemental/server";
import { type DiskHandler, type DiskStorage, createDiskHandler } from "@elemental/storage-disk";

/**
 * DiskType instances the server did not mount at start (made or edited in the console): their signed URLs
 * point here, `<basePath>/disk/<urlPath>/<key>`, and are checked by the same hardened handler. The signature
 * is the credential, as on the server's own Disk routes, so these need no console token.
 */
export class LateDisks {
  /** By urlPath: the storage, and its handler made once (the server's own routes make one per disk too). */
  private readonly disks = new Map<string, { disk: DiskStorage; handler: DiskHandler }>();
  private onError: ((error: unknown) => void) | undefined;

  constructor(private readonly origin: () => string) {}

  /** Points the storage's URLs at this route and serves it here from now on. */
  adopt(storage: object): void {
    if (!isDisk(storage)) return;
    storage.useOrigin(this.origin());
    this.disks.set(storage.urlPath, { disk: storage, handler: createDiskHandler(storage, { onError: (error) => this.onError?.(error) }) });
  }

  mount(scope: FastifyInstance, prefix: string, onError?: (error: unknown) => void): void {
    this.onError = onError;
    leaveBodiesUnread(scope);
    scope.route({
      method: ["GET", "HEAD", "PUT"],
      url: "/*",
      handler: (request, reply) => {
        const path = request.url.slice(prefix.length);
        const served = [...this.disks.values()].find(({ disk }) => path.startsWith(`${disk.urlPath}/`));
        if (!served) return reply.code(404).send({ code: "E_NOT_FOUND" });
        reply.hijack();
        Object.assign(request.raw, { originalUrl: path });
        served.handler(request.raw, reply.raw);
      },
    });
  }
}

function isDisk(storage: object): storage is DiskStorage {
  return typeof (storage as Partial<DiskStorage>).useOrigin === "function" && typeof (storage as Partial<DiskStorage>).urlPath === "string";
}
