import type { FastifyInstance } from "fastify";
import { browserMultipartOf, contentTypeFor, isStorageError } from "@elemental/storages";
import { ConsoleError } from "./errors";
import type { WriteLog } from "./writeLog";
import type { ConsoleWorkspace } from "./workspace";

type Params = { element: string };
/** How long a browser has to start each signed PUT (a part is signed when it is about to be sent). */
const UPLOAD_EXPIRES = 3600;

const nameAndId = { name: { type: "string" }, uploadId: { type: "string", minLength: 1 } };

/**
 * Uploads from the browser straight to the storage: the server only signs. One signed PUT (Disk: to this
 * same server's Disk route; S3: presigned), or, from the size the Type sets, a multipart upload whose parts
 * are signed one by one and which is aborted when the user cancels.
 */
export function mountUploadRoutes(scope: FastifyInstance, workspace: ConsoleWorkspace, log: WriteLog): void {
  scope.post<{ Params: Params; Body: { name: string; size: number; contentType?: string } }>(
    "/api/storages/:element/uploads",
    {
      schema: {
        body: {
          type: "object",
          required: ["name", "size"],
          properties: { name: { type: "string" }, size: { type: "integer", minimum: 0 }, contentType: { type: "string" } },
        },
      },
    },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      const { name, size } = request.body;
      const contentType = request.body.contentType || contentTypeFor(name);
      const multipart = browserMultipartOf(storage);
      if (multipart && size >= multipart.threshold) {
        const { uploadId } = await multipart.create(name, contentType);
        log(`upload started: ${storage.fullName} ${name} (${size} bytes, multipart)`);
        return { mode: "multipart", uploadId, partSize: multipart.partSize(size), contentType };
      }
      // The size is signed in where the Type can enforce it (Disk); a presigned S3 PUT cannot limit it (E_UNSUPPORTED).
      const signed = await storage.getUploadUrl(name, contentType, UPLOAD_EXPIRES, { maxBytes: Math.max(size, 1) }).catch((error: unknown) => {
        if (isStorageError(error, "E_UNSUPPORTED")) return storage.getUploadUrl(name, contentType, UPLOAD_EXPIRES);
        throw error;
      });
      log(`upload started: ${storage.fullName} ${name} (${size} bytes)`);
      return { mode: "put", url: signed.url, headers: signed.headers, contentType };
    },
  );

  scope.post<{ Params: Params; Body: { name: string; uploadId: string; partNumber: number } }>(
    "/api/storages/:element/uploads/part",
    {
      schema: {
        body: {
          type: "object",
          required: ["name", "uploadId", "partNumber"],
          properties: { ...nameAndId, partNumber: { type: "integer", minimum: 1, maximum: 10000 } },
        },
      },
    },
    async (request) => {
      const { name, uploadId, partNumber } = request.body;
      return multipartOf(await workspace.storage(request.params.element)).signPart(name, uploadId, partNumber, UPLOAD_EXPIRES);
    },
  );

  scope.post<{ Params: Params; Body: { name: string; uploadId: string; parts: Array<{ partNumber: number; etag: string }> } }>(
    "/api/storages/:element/uploads/complete",
    {
      schema: {
        body: {
          type: "object",
          required: ["name", "uploadId", "parts"],
          properties: {
            ...nameAndId,
            parts: {
              type: "array",
              minItems: 1,
              items: { type: "object", required: ["partNumber", "etag"], properties: { partNumber: { type: "integer" }, etag: { type: "string" } } },
            },
          },
        },
      },
    },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      const { name, uploadId, parts } = request.body;
      await multipartOf(storage).complete(name, uploadId, parts);
      log(`upload completed: ${storage.fullName} ${name} (${parts.length} parts)`);
      return { name };
    },
  );

  scope.post<{ Params: Params; Body: { name: string; uploadId: string } }>(
    "/api/storages/:element/uploads/abort",
    { schema: { body: { type: "object", required: ["name", "uploadId"], properties: nameAndId } } },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      await multipartOf(storage).abort(request.body.name, request.body.uploadId);
      log(`upload cancelled: ${storage.fullName} ${request.body.name}`);
      return { aborted: true };
    },
  );
}

function multipartOf(storage: object) {
  const multipart = browserMultipartOf(storage);
  if (!multipart) throw new ConsoleError("E_BAD_REQUEST", "this storage takes uploads in one PUT");
  return multipart;
}
