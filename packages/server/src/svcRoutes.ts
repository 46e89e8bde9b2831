import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "@elemental/services";
import type { PreviewBody, PreviewBytes, StorageSvc } from "@elemental/storage-service";
import { inlineDisposition } from "./contentDisposition";
import type { ServerPlugin } from "./createServer";
import { replyError } from "./errors";
import { type PreviewAnswer, previewAnswer } from "./previewAnswer";
import { leaveBodiesUnread } from "./rawBodies";
import { uploadHandler, type UploadRouteOptions } from "./uploadRoute";

export interface SvcRouteOptions extends UploadRouteOptions {
  onError?: (error: unknown) => void;
}

/**
 * The routes of the application's StorageSvc (`storageSvc`, default `storages.services.StorageSvc`, when it
 * declares one): its preview URLs point at the server and its sweeper runs while the server listens.
 */
export function storageSvcPlugin(options: SvcRouteOptions & { storageSvc?: string } = {}): ServerPlugin {
  return {
    name: "storages.services.StorageSvc",
    register(fastify, context) {
      const name = options.storageSvc ?? "storages.services.StorageSvc";
      if (!context.app.hasElement(name)) return;
      const svc = context.app.getElement<StorageSvc>(name);
      mountStorageSvc(fastify, svc, { ...options, onError: context.onError });
      fastify.addHook("onListen", (done) => {
        svc.useBaseUrl(context.publicUrl());
        svc.startSweeping();
        done();
      });
      fastify.addHook("onClose", async () => svc.close());
    },
  };
}

/**
 * The StorageSvc routes under its routePath (`/storages/services/StorageSvc`):
 *   GET|HEAD preview?file=&storage=&expires=&sig=            the file, inline, with its stored type
 *   GET|HEAD previewThumbnail?name=&width=&height=&...       a thumbnail, made on first request and cached
 *   POST     uploadByFile?fileName=&md5=&expires=&storage=   the body streamed to storage (authorizeUpload)
 */
export function mountStorageSvc(fastify: FastifyInstance, svc: StorageSvc, options: SvcRouteOptions): void {
  const base = svc.routePath;
  void fastify.register(async (scope) => {
    leaveBodiesUnread(scope);
    scope.route({ method: ["GET", "HEAD"], url: `${base}/preview`, handler: (request, reply) => preview(svc, "preview", request, reply, options) });
    scope.route({
      method: ["GET", "HEAD"],
      url: `${base}/previewThumbnail`,
      handler: (request, reply) => preview(svc, "previewThumbnail", request, reply, options),
    });
    scope.post(`${base}/uploadByFile`, uploadHandler(svc, options));
  });
}

async function preview(
  svc: StorageSvc,
  kind: "preview" | "previewThumbnail",
  request: FastifyRequest,
  reply: FastifyReply,
  options: SvcRouteOptions,
): Promise<void> {
  let answer = { status: 200 } as PreviewAnswer;
  // Decided once the size and ETag are known, before a byte is read: the storage reads only the range asked.
  const bytes: PreviewBytes = (info) => {
    answer = previewAnswer(request.method, request.headers, info);
    if (answer.status === 206) return { start: answer.start, end: answer.end };
    return answer.status === 200 && request.method === "GET" ? undefined : "none";
  };
  let body: PreviewBody;
  try {
    const target = await svc.authorize(kind, searchOf(request.url));
    body =
      target.kind === "preview"
        ? await svc.preview(target.file, target.storage, bytes)
        : await svc.previewThumbnail(target.file, target.width ?? 120, target.height ?? 120, target.storage, bytes);
  } catch (error) {
    return replyError(reply, error, options.onError);
  }
  reply.header("cache-control", "private, max-age=300");
  if (body.etag) reply.header("etag", body.etag);
  if (answer.status === 304) return reply.code(304).send();
  reply.header("accept-ranges", "bytes");
  if (answer.status === 416) return reply.code(416).header("content-range", `bytes */${body.size}`).header("content-length", "0").send();
  reply
    .code(answer.status)
    .header("content-type", body.contentType)
    .header("content-length", String(answer.status === 206 ? answer.end - answer.start + 1 : body.size))
    .header("content-disposition", inlineDisposition(body.name))
    .header("x-content-type-options", "nosniff")
    // An HTML or SVG file previewed inline runs no script against this origin.
    .header("content-security-policy", "sandbox");
  if (answer.status === 206) reply.header("content-range", `bytes ${answer.start}-${answer.end}/${body.size}`);
  return reply.send(request.method === "HEAD" ? undefined : body.body);
}

export function searchOf(url: string): string {
  const at = url.indexOf("?");
  return at < 0 ? "" : url.slice(at + 1);
}

export function badQuery(name: string): ServiceError {
  return new ServiceError("E_INVALID_ARGUMENT", `bad query parameter "${name.slice(0, 40)}"`);
}
