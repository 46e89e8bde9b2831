import type { FastifyInstance } from "fastify";
import type { App } from "@elemental/core";
import { type DiskHandlerOptions, type DiskStorage, createDiskHandler } from "@elemental/storage-disk";
import type { ServerPlugin } from "./createServer";
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

/**
 * The signed GET/HEAD/PUT routes of DiskType storages (`disks`, default every DiskType instance), whose
 * URLs point at the server once it listens (unless a storage's config sets `baseUrl`).
 */
export function diskPlugin(options: { disks?: readonly DiskMount[] } = {}): ServerPlugin {
  return {
    name: "storages.DiskType",
    register(fastify, context) {
      const { app } = context;
      const mounts = options.disks ?? diskInstances(app).map((storage): DiskMount => ({ storage }));
      const disks = mounts.map((mount) => ({ disk: app.getElement<DiskStorage>(mount.storage), prefix: mount.prefix ?? "" }));
      for (const { disk, prefix } of disks) mountDisk(fastify, disk, prefix, { onError: context.onError });
      fastify.addHook("onListen", (done) => {
        for (const { disk } of disks) disk.useOrigin(context.publicUrl());
        done();
      });
    },
  };
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
