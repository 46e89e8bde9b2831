import { existsSync } from "node:fs";
import type { App } from "@elemental/core";
import { prefixProblem } from "@elemental/storages";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { loadApp } from "../loadApp";
import { loadStorage } from "../storageElement";
import type { Endpoint } from "./location";

/** `storages.Files` or `storages.Files:some/key`: a dotted fullName, then optionally `:` and a key or prefix. */
const STORAGE_SIDE = /^([A-Za-z_$][\w$-]*(?:\.[A-Za-z_$][\w$-]*)+)(?::(.*))?$/s;

/** A side as written: a local path, or a storage element and the text after its `:`. */
export type Side = { kind: "folder"; path: string; text: string } | { kind: "storage"; fullName: string; path: string; text: string };

/**
 * Reads a command-line side. A dotted name is a storage when it has a `:` or the application declares it.
 * One that is neither, does not exist locally and starts like the application's element names
 * (`storages.Filez`) is refused as a likely typo rather than taken for a new local path; any other
 * (`backup.tar`) is a local path, and `./name` always is.
 */
export async function readSide(ctx: CliContext, text: string, app: () => Promise<App>): Promise<Side> {
  const match = STORAGE_SIDE.exec(text);
  const local: Side = { kind: "folder", path: ctx.resolvePath(text), text };
  if (!match) return local;
  const fullName = match[1] as string;
  const rest = match[2];
  if (rest !== undefined) return { kind: "storage", fullName: (await app()).getElementDefine(fullName).fullName, path: rest, text };
  const loaded = await app().catch(() => undefined);
  if (loaded?.hasElement(fullName)) return { kind: "storage", fullName, path: "", text };
  if (existsSync(local.path)) return local;
  const family = `${fullName.split(".")[0]}.`;
  const families = loaded ? Object.keys(loaded.getAllElementsDefine()) : ["storages."];
  if (!families.some((name) => name.startsWith(family))) return local;
  if (loaded) loaded.getElementDefine(fullName); // E_ELEMENT_NOT_FOUND, with near names
  throw new CliError("E_USAGE", `"${text}" is neither a storage of the application nor an existing local path`, {
    help: `\`elemental ls\` lists the storages; write ./${text} for a new local path`,
  });
}

/** The side as a sync endpoint: a folder, or a storage with its text after `:` taken as a folder-like prefix. */
export async function endpointOf(side: Side, app: () => Promise<App>): Promise<Endpoint> {
  if (side.kind === "folder") return { kind: "folder", dir: side.path, label: side.text };
  const prefix = side.path === "" || side.path.endsWith("/") ? side.path : `${side.path}/`;
  const problem = prefixProblem(prefix);
  if (problem) throw new CliError("E_USAGE", `"${side.text}": the prefix is not valid: ${problem}`);
  return { kind: "storage", storage: loadStorage(await app(), side.fullName), prefix, label: side.text };
}

/** Both sides of a sync, cp -r or mv -r, as endpoints. */
export async function readEndpoints(ctx: CliContext, source: string, destination: string): Promise<[Endpoint, Endpoint]> {
  const app = lazyApp(ctx, [source, destination]);
  const from = await readSide(ctx, source, app);
  const to = await readSide(ctx, destination, app);
  return [await endpointOf(from, app), await endpointOf(to, app)];
}

/**
 * Loads the application once, on first need (a copy between two folders needs none), failing only on the
 * problems of the elements the sides name, so an unrelated broken element does not stop a sync.
 */
export function lazyApp(ctx: CliContext, sides: readonly string[]): () => Promise<App> {
  const named = sides.flatMap((text) => STORAGE_SIDE.exec(text)?.[1] ?? []);
  let loading: Promise<App> | undefined;
  return () => (loading ??= loadApp(ctx, { only: named }));
}
