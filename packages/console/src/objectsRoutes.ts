import type { FastifyInstance } from "fastify";
import { corsRuleFor } from "./corsRule";
import type { WriteLog } from "./writeLog";
import type { ConsoleWorkspace } from "./workspace";

type Params = { element: string };
const SEARCH_LIMIT = 500;

/** The objects browser: one folder level a page at a time, search by prefix, signed links, deletes. */
export function mountObjectRoutes(scope: FastifyInstance, workspace: ConsoleWorkspace, log: WriteLog): void {
  /** Where the browser's uploads go; when that is another origin (S3), the CORS rule it needs. */
  scope.get<{ Params: Params }>("/api/storages/:element/info", async (request) => {
    const storage = await workspace.storage(request.params.element);
    const page = `${request.protocol}://${request.headers.host}`;
    let uploadOrigin: string | null = null;
    try {
      uploadOrigin = new URL((await storage.getUploadUrl("elemental-console-probe", undefined, 60)).url).origin;
    } catch {}
    return { storageType: storage.storageType, uploadOrigin, corsRule: uploadOrigin && uploadOrigin !== page ? corsRuleFor(page) : null };
  });

  scope.get<{ Params: Params; Querystring: { prefix?: string; cursor?: string; pageSize?: number } }>(
    "/api/storages/:element/folder",
    { schema: { querystring: { type: "object", properties: { prefix: { type: "string" }, cursor: { type: "string" }, pageSize: { type: "integer" } } } } },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      const { prefix, cursor, pageSize = 200 } = request.query;
      return storage.listFolder(prefix ?? "", { pageSize, ...(cursor ? { cursor } : {}) });
    },
  );

  /** Keys starting with `prefix` at any depth, the first SEARCH_LIMIT of them (a listing does not need more to narrow a search). */
  scope.get<{ Params: Params; Querystring: { prefix: string } }>(
    "/api/storages/:element/search",
    { schema: { querystring: { type: "object", required: ["prefix"], properties: { prefix: { type: "string", minLength: 1 } } } } },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      const files = [];
      for await (const entry of storage.list(request.query.prefix, { pageSize: SEARCH_LIMIT })) {
        if (files.length === SEARCH_LIMIT) return { files, more: true };
        files.push(entry);
      }
      return { files, more: false };
    },
  );

  scope.post<{ Params: Params; Body: { name: string; expires: number; disposition?: "inline" | "attachment" } }>(
    "/api/storages/:element/sign",
    {
      schema: {
        body: {
          type: "object",
          required: ["name", "expires"],
          properties: { name: { type: "string" }, expires: { type: "integer" }, disposition: { enum: ["inline", "attachment"] } },
        },
      },
    },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      const { name, expires, disposition } = request.body;
      const filename = disposition === "attachment" ? name.split("/").pop() : undefined;
      const url = await storage.getSignUrl(name, undefined, expires, disposition ? { disposition, ...(filename ? { filename } : {}) } : undefined);
      return { url, expiresAt: new Date(Date.now() + expires * 1000).toISOString() };
    },
  );

  scope.post<{ Params: Params; Body: { names: string[] } }>(
    "/api/storages/:element/delete",
    {
      schema: {
        body: { type: "object", required: ["names"], properties: { names: { type: "array", items: { type: "string" }, minItems: 1, maxItems: 1000 } } },
      },
    },
    async (request) => {
      const storage = await workspace.storage(request.params.element);
      const result = await storage.deleteMany(request.body.names);
      log(`deleted ${result.deleted.length} object(s) from ${storage.fullName}${result.errors.length ? `, ${result.errors.length} failed` : ""}`);
      return { deleted: result.deleted, errors: result.errors.map(({ name, error }) => ({ name, code: (error as { code?: string }).code ?? "E_UNKNOWN" })) };
    },
  );
}
