import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from "fastify";
import { ServiceError } from "@elemental/services";
import type { StorageSvc } from "@elemental/storage-service";
import { replyError } from "./errors";
import { badQuery, searchOf } from "./svcRoutes";

export interface UploadRouteOptions {
  /**
   * Decides whether a request may upload through StorageSvc (sessions, tokens: the application's call).
   * Without it the upload route answers 403 to everyone.
   */
  authorizeUpload?: (request: FastifyRequest) => boolean | Promise<boolean>;
  /** The largest body the upload route accepts, in bytes. Default 1 GiB. */
  maxUploadBytes?: number;
  onError?: (error: unknown) => void;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 1024 ** 3;

const PARAMS = ["fileName", "md5", "expires", "storage", "public"] as const;
type Params = Partial<Record<(typeof PARAMS)[number], string>>;

/**
 * POST uploadByFile: streams the body to storage through StorageSvc (never buffered whole), refuses it past
 * the limit (413), and aborts the storage write when the client goes away, so nothing is kept of it.
 */
export function uploadHandler(svc: StorageSvc, options: UploadRouteOptions): RouteHandlerMethod {
  const maxBytes = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const gone = new AbortController();
    const raw = request.raw;
    raw.once("close", () => {
      if (!raw.complete) gone.abort(new ServiceError("E_ABORTED", "the client went away"));
    });
    try {
      if (!options.authorizeUpload || !(await options.authorizeUpload(request))) throw new ServiceError("E_ACCESS_DENIED", "uploads are not allowed");
      const params = parse(searchOf(request.url));
      const declared = Number(request.headers["content-length"] ?? Number.NaN);
      if (declared > maxBytes) throw new ServiceError("E_TOO_LARGE", `the body is larger than ${maxBytes} bytes`);
      const expires = params.expires === undefined ? undefined : Number(params.expires);
      const contentType = request.headers["content-type"];
      const record = await svc.uploadByFile(params.fileName ?? "", raw, params.md5, contentType, params.storage, expires, {
        public: params.public === "1",
        maxBytes,
        signal: gone.signal,
      });
      return reply.code(201).header("cache-control", "no-store").send(record);
    } catch (error) {
      if (gone.signal.aborted) return reply.raw.destroy();
      // A refused body is not read: the connection closes after the answer.
      reply.header("connection", "close");
      return replyError(reply, error, options.onError);
    }
  };
}

function parse(search: string): Params {
  const params: Params = {};
  for (const [name, value] of new URLSearchParams(search)) {
    if (!(PARAMS as readonly string[]).includes(name) || params[name as keyof Params] !== undefined || value === "") throw badQuery(name);
    params[name as keyof Params] = value;
  }
  if (params.fileName === undefined) throw badQuery("fileName");
  if (params.expires !== undefined && !/^[1-9]\d{0,9}$/.test(params.expires)) throw badQuery("expires");
  if (params.public !== undefined && params.public !== "1") throw badQuery("public");
  return params;
}
