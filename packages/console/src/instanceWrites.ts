import { writeFileSync } from "node:fs";
import { type App, type JsonSchema, isElementError, validateAgainst } from "@elemental/core";
import { type StorageBase, elementSegments, existingInstanceFile, instanceFiles, isStorageError, writeInstanceFiles } from "@elemental/storages";
import { ConsoleError } from "./errors";
import { type LocatedProblem, allProblems, located, schemaOf, storedConfig } from "./elementTree";
import { unmask } from "./maskSecrets";
import type { WriteLog } from "./writeLog";
import type { ConsoleWorkspace } from "./workspace";

export interface SaveResult {
  element: string;
  saved: boolean;
  files: string[];
  /** As `elemental validate` reports them; before saving they stop it, after saving they are shown. */
  problems: LocatedProblem[];
  onCreate?: { outcome: "ok" | "not run" | "failed"; message?: string };
  check?: unknown;
}

const REFERENCE = /^\$\{[^}]+\}$/;

/** The schema's problems with the config as typed, except at `${VAR}` references (their values are checked once resolved, as validate does). */
function formProblems(schema: JsonSchema | undefined, config: Record<string, unknown>, file: string, fullName: string): LocatedProblem[] {
  if (!schema) return [];
  const references = Object.entries(config).filter(([, value]) => typeof value === "string" && REFERENCE.test(value));
  const probe = { ...config, ...Object.fromEntries(references.map(([field]) => [field, undefined])) };
  for (const [field] of references) delete probe[field];
  const referenced = new Set(references.map(([field]) => `/${field}`));
  return validateAgainst(schema, probe, file)
    .map((message) => located({ code: "E_INVALID_CONFIG", message, fullName, file, help: null }))
    .filter((problem) => !(problem.pointer && referenced.has(problem.pointer)));
}

/** The error's first line, after its code unless the message starts with it already (an ElementError's does). */
function describe(error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0] as string;
  const code = isElementError(error) || isStorageError(error) ? error.code : undefined;
  return code === undefined || message.startsWith(code) ? message : `${code} ${message}`;
}

/** The Type's onCreate then the storage's check, on an app that fails only on this element. */
async function afterWrite(workspace: ConsoleWorkspace, fullName: string, hook: boolean): Promise<Pick<SaveResult, "onCreate" | "check">> {
  let app: App;
  try {
    app = await workspace.appFor(fullName);
    app.getElement(fullName);
  } catch (error) {
    return { onCreate: { outcome: "not run", message: describe(error) } };
  }
  const result: Pick<SaveResult, "onCreate" | "check"> = {};
  if (hook) {
    try {
      await app.runTypeHook("onCreate", fullName);
      result.onCreate = { outcome: "ok" };
    } catch (error) {
      result.onCreate = { outcome: "failed", message: describe(error) };
      return result;
    }
  }
  if (app.getTypeChain(fullName).includes("storages.Meta")) {
    const report = await app.getElement<StorageBase<object>>(fullName).check();
    result.check = {
      ...report,
      steps: report.steps.map(({ error, ...step }) => (error ? { ...step, error: { code: error.code, message: error.message } } : step)),
    };
  }
  return result;
}

async function problemsAfter(workspace: ConsoleWorkspace, fullName: string): Promise<LocatedProblem[]> {
  workspace.changed(fullName);
  return allProblems(await workspace.view()).filter((problem) => problem.fullName === fullName);
}

/** A new instance, written exactly as `elemental new` writes one, then its Type's onCreate and the storage check. */
export async function createInstance(
  workspace: ConsoleWorkspace,
  body: { element: string; type: string; title?: string; config: Record<string, unknown> },
  log: WriteLog,
): Promise<SaveResult> {
  const { segments, problem } = elementSegments(body.element);
  if (problem !== undefined) throw new ConsoleError("E_BAD_REQUEST", problem);
  const { app } = await workspace.view();
  if (!app) throw new ConsoleError("E_BAD_REQUEST", "the application cannot be read: see its problems");
  const files = instanceFiles(workspace.root, segments);
  if (app.hasElement(files.fullName) || existingInstanceFile(files)) throw new ConsoleError("E_ELEMENT_EXISTS", `${files.fullName} already exists`);
  if (!app.hasElement(body.type) || app.getElementDefine(body.type).kind !== "type")
    throw new ConsoleError("E_BAD_REQUEST", `${body.type} is not a Type of this application`);
  const problems = formProblems(schemaOf(app, body.type), body.config, files.config, files.fullName);
  const result: SaveResult = { element: files.fullName, saved: false, files: [files.declaration, files.config], problems };
  if (problems.length > 0) return result;
  try {
    writeInstanceFiles(files, { title: body.title || files.name, type: body.type }, body.config);
  } catch (error) {
    // Written by someone else since the check above: writeInstanceFiles left nothing of its own behind.
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new ConsoleError("E_ELEMENT_EXISTS", `${files.fullName} already exists`);
    throw error;
  }
  log(`created ${files.fullName} (${body.type}): ${files.declaration}, ${files.config}`);
  result.saved = true;
  result.problems = await problemsAfter(workspace, files.fullName);
  Object.assign(result, await afterWrite(workspace, files.fullName, true));
  log(
    `${files.fullName}: onCreate ${result.onCreate?.outcome ?? "none"}${result.check ? `, check ${(result.check as { ok: boolean }).ok ? "ok" : "failed"}` : ""}`,
  );
  return result;
}

/** A changed config, masked secrets kept as stored; checked before it is written, and the storage checked after. */
export async function editInstance(workspace: ConsoleWorkspace, fullName: string, edited: Record<string, unknown>, log: WriteLog): Promise<SaveResult> {
  const { app } = await workspace.view();
  if (!app?.hasElement(fullName) || app.getElementDefine(fullName).kind !== "instance")
    throw new ConsoleError("E_ELEMENT_NOT_FOUND", `${fullName} is not an instance`);
  const define = app.getElementDefine(fullName);
  if (define.appRoot !== app.root)
    throw new ConsoleError(
      "E_INHERITED_ELEMENT",
      `${fullName} comes from the parent application ${define.appRoot}: change it there; this application can use another instance instead (\`elemental new\` in another folder)`,
    );
  const stored = storedConfig(define);
  const file = stored?.file ?? instanceFiles(workspace.root, fullName.split(".")).config;
  const config = unmask(edited, stored?.config ?? {});
  const problems = formProblems(schemaOf(app, define.type), config, file, fullName);
  const result: SaveResult = { element: fullName, saved: false, files: [file], problems };
  if (problems.length > 0) return result;
  writeFileSync(file, `${JSON.stringify(config, null, 2)}\n`);
  log(`edited ${fullName}: ${file} (fields ${Object.keys(config).join(", ")})`);
  result.saved = true;
  result.problems = await problemsAfter(workspace, fullName);
  Object.assign(result, await afterWrite(workspace, fullName, false));
  return result;
}
