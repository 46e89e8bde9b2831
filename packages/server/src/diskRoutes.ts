import type { FastifyInstance } from "fastify";
import type { App } from "@elemental/core";
import { type DiskHandlerOptions, type DiskStorage, createDiskHandler } from "@elemental/storage-disk";
import { leaveBodiesUnread } from "./rawBodies";

/** A DiskType storage to serve, and the path its URLs carry before its urlPath when they reach this server unproxied. */
export interface DiskMount {
  /** Its fullName, e.g. `storages.Files`. */
  storage: string;
  /**
   * Stripped before the storage's urlPath: `/files` for a config `baseUrl` of `http://localhost:3000/files`
   * that clients use to reach this server directly. Default none (a proxy in front strips it).
   */
  prefix?: string;
}

/** The fullNames of the application's storages.DiskType instances (and of Types extending it). */
export function diskInstances(app: App): string[] {
  return Object.values(app.getAllElementsDefine())
    .filter((define) => define.kind === "instance" && app.getTypeChain(define.fullName).includes("storages.DiskType"))
    .map((define) => define.fullName);
}

/**
 * Mounts one disk storage's signed GET/HEAD/PUT routes under `prefix` + its `urlPath`: the hardened handler
 * of @elemental/storage-disk, given the raw request and response (Fastify neither parses nor buffers the body).
 */
export function mountDisk(fastify: FastifyInstance, storage: DiskStorage, prefix: string, options: DiskHandlerOptions): void {
  const handler = createDiskHandler(storage, options);
  void fastify.register(async (scope) => {
    leaveBodiesUnread(scope);
    scope.route({
      method: ["GET", "HEAD", "PUT", "OPTIONS", "POST", "DELETE", "PATCH"],
      url: `${prefix}${storage.urlPath}/*`,
      handler: (request, reply) => {
        reply.hijack();
        if (prefix !== "") request.raw.url = request.raw.url?.slice(prefix.length);
        handler(request.raw, reply.raw);
      },
    });
  });
}
