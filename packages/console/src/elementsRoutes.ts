import type { FastifyInstance } from "fastify";
import { scaffoldConfig } from "@elemental/storages";
import { ConsoleError } from "./errors";
import { allProblems, schemaOf, storedConfig, treeOf } from "./elementTree";
import { maskSecrets } from "./maskSecrets";
import type { ConsoleWorkspace } from "./workspace";

/** Read-only views of the elements: the tree, one element, and a Type's form. */
export function mountElementRoutes(scope: FastifyInstance, workspace: ConsoleWorkspace): void {
  scope.get("/api/elements", async () => {
    workspace.refresh();
    const inspection = await workspace.view();
    const problems = allProblems(inspection);
    const { app } = inspection;
    return {
      root: workspace.root,
      appId: app?.appId ?? null,
      parents: app ? app.chain.slice(1).map((source) => source.root) : [],
      elements: app ? treeOf(app, problems) : [],
      problems,
    };
  });

  scope.get<{ Params: { fullName: string } }>("/api/elements/:fullName", async (request) => {
    const inspection = await workspace.view();
    const { app } = inspection;
    const { fullName } = request.params;
    if (!app?.hasElement(fullName)) throw new ConsoleError("E_ELEMENT_NOT_FOUND", `no element ${fullName}`);
    const define = app.getElementDefine(fullName);
    const typeName = define.kind === "instance" ? define.type : define.kind === "type" ? fullName : undefined;
    const schema = typeName ? schemaOf(app, typeName) : undefined;
    const stored = define.kind === "instance" ? storedConfig(define) : undefined;
    let chain: string[] = [];
    try {
      chain = app.getTypeChain(fullName);
    } catch {}
    return {
      fullName,
      kind: define.kind,
      type: define.type,
      title: define.title,
      file: define.file,
      appRoot: define.appRoot,
      declaration: define.raw,
      typeChain: chain,
      isStorage: define.kind === "instance" && chain.includes("storages.Meta"),
      schema: schema ?? null,
      configFile: stored?.file ?? null,
      config: stored ? maskSecrets(stored.config, schema) : null,
      problems: allProblems(inspection).filter((problem) => problem.fullName === fullName),
    };
  });

  /** What the form of a new instance starts from: the schema, and the config `elemental new` would write (secrets as `${VAR}`). */
  scope.get<{ Params: { type: string }; Querystring: { name?: string } }>("/api/types/:type/draft", async (request) => {
    const { app } = await workspace.view();
    const { type } = request.params;
    if (!app?.hasElement(type) || app.getElementDefine(type).kind !== "type")
      throw new ConsoleError("E_ELEMENT_NOT_FOUND", `${type} is not a Type of this application`);
    const schema = schemaOf(app, type) ?? null;
    const { config, env } = scaffoldConfig(request.query.name || "New", schema ?? undefined, {}, false);
    return { type, schema, config, env };
  });
}
