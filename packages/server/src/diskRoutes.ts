import type { FastifyInstance } from "fastify";
import type { App } from "@elemental/core";
import { type DiskHandlerOptions, type DiskStorage, createDiskHandler } from "@elemental/storage-disk";
import { leaveBodiesUnread } from "./rawBodies";

/** The fullNames of the application's storages.DiskType instances (and of Types extending it). */
export function diskInstances(app: App): string[] {
  return Object.values(app.getAllElementsDefine())
    .filter((define) => define.kind === "instance" && app.getTypeChain(define.fullName).includes("storages.DiskType"))
    .map((define) => define.fullName);
}

/**
 * Mounts one disk storage's signed GET/HEAD/PUT routes under its `urlPath`: the hardened handler of
 * @elemental/storage-disk, given the raw request and response (Fastify neither parses nor buffers the body).
 */
export function mountDisk(fastify: FastifyInstance, storage: DiskStorage, options: DiskHandlerOptions): void {
  const handler = createDiskHandler(storage, options);
  void fastify.register(async (scope) => {
    leaveBodiesUnread(scope);
    scope.route({
      method: ["GET", "HEAD", "PUT", "OPTIONS", "POST", "DELETE", "PATCH"],
      url: `${storage.urlPath}/*`,
      handler: (request, reply) => {
        reply.hijack();
        handler(request.raw, reply.raw);
      },
    });
  });
}
