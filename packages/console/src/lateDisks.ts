import type { FastifyInstance } from "fastify";
import { type DiskStorage, createDiskHandler } from "@elemental/storage-disk";

/**
 * DiskType instances the server did not mount at start (made or edited in the console): their signed URLs
 * point here, `<basePath>/disk/<urlPath>/<key>`, and are checked by the same hardened handler. The signature
 * is the credential, as on the server's own Disk routes, so these need no console token.
 */
export class LateDisks {
  private readonly disks = new Map<string, DiskStorage>();

  constructor(private readonly origin: () => string) {}

  /** Points the storage's URLs at this route and serves it here from now on. */
  adopt(storage: object): void {
    if (!isDisk(storage)) return;
    storage.useOrigin(this.origin());
    this.disks.set(storage.urlPath, storage);
  }

  mount(scope: FastifyInstance, prefix: string, onError?: (error: unknown) => void): void {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser("*", (_request, _payload, done) => done(null, undefined));
    scope.route({
      method: ["GET", "HEAD", "PUT"],
      url: "/*",
      handler: (request, reply) => {
        const path = request.url.slice(prefix.length);
        const disk = [...this.disks.values()].find((candidate) => path.startsWith(`${candidate.urlPath}/`));
        if (!disk) return reply.code(404).send({ code: "E_NOT_FOUND" });
        reply.hijack();
        Object.assign(request.raw, { originalUrl: path });
        createDiskHandler(disk, { onError })(request.raw, reply.raw);
      },
    });
  }
}

function isDisk(storage: object): storage is DiskStorage {
  return typeof (storage as Partial<DiskStorage>).useOrigin === "function" && typeof (storage as Partial<DiskStorage>).urlPath === "string";
}
