import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServiceError } from "@elemental/services";
import type { PreviewBody, StorageSvc } from "@elemental/storage-service";
import { inlineDisposition } from "./contentDisposition";
import { replyError } from "./errors";
import { leaveBodiesUnread } from "./rawBodies";
import { uploadHandler, type UploadRouteOptions } from "./uploadRoute";

export interface SvcRouteOptions extends UploadRouteOptions {
  onError?: (error: unknown) => void;
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
  let body: PreviewBody;
  try {
    const target = await svc.authorize(kind, searchOf(request.url));
    body =
      target.kind === "preview"
        ? await svc.preview(target.file, target.storage)
        : await svc.previewThumbnail(target.file, target.width ?? 120, target.height ?? 120, target.storage);
  } catch (error) {
    return replyError(reply, error, options.onError);
  }
  if (body.etag && matches(request.headers["if-none-match"], body.etag)) {
    if (!Buffer.isBuffer(body.body)) body.body.destroy();
    return reply.code(304).header("etag", body.etag).header("cache-control", "private, max-age=300").send();
  }
  reply
    .header("content-type", body.contentType)
    .header("content-length", String(body.size))
    .header("content-disposition", inlineDisposition(body.name))
    .header("x-content-type-options", "nosniff")
    // An HTML or SVG file previewed inline runs no script against this origin.
    .header("content-security-policy", "sandbox")
    .header("cache-control", "private, max-age=300");
  if (body.etag) reply.header("etag", body.etag);
  if (request.method === "HEAD") {
    if (!Buffer.isBuffer(body.body)) body.body.destroy();
    return reply.send();
  }
  return reply.send(body.body);
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return header.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

export function searchOf(url: string): string {
  const at = url.indexOf("?");
  return at < 0 ? "" : url.slice(at + 1);
}

export function badQuery(name: string): ServiceError {
  return new ServiceError("E_INVALID_ARGUMENT", `bad query parameter "${name.slice(0, 40)}"`);
}
