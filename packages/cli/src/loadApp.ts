import { type App, type AppInspection, ElementError, createApp, inspectApp } from "@elemental/core";
import type { CliContext } from "./context";

/** The application root; E_APP_NOT_FOUND outside any application, rather than scanning whatever folder this is. */
export function appRoot(ctx: CliContext): string {
  if (ctx.appFound) return ctx.root;
  throw new ElementError("E_APP_NOT_FOUND", `no app.json here or above (${ctx.cwd})`, {
    help: "Run it in an application's folder (one with an app.json) or below it, pass --root <dir>, or make one with `elemental init`.",
  });
}

export interface LoadOptions {
  /**
   * The fullNames the command works on: only their problems (and their Types') fail it, so a command on
   * one element works while an unrelated element is broken. Default: every problem fails it.
   */
  only?: readonly string[];
}

/** The applications this process loaded: the command runner closes them when the command ends. */
const loaded = new Set<App>();

/** The application, its declarations checked (one error lists every problem that fails it). */
export async function loadApp(ctx: CliContext, options: LoadOptions = {}): Promise<App> {
  const app = await createApp({ root: appRoot(ctx), env: ctx.env, ...(options.only ? { only: options.only } : {}) });
  loaded.add(app);
  return app;
}

/** The application and every problem of its declarations, failing on none (`app` is undefined when app.json cannot be read). */
export async function inspect(ctx: CliContext): Promise<AppInspection> {
  const inspection = await inspectApp({ root: appRoot(ctx), env: ctx.env });
  if (inspection.app) loaded.add(inspection.app);
  return inspection;
}

/** `app.close()` on every application loaded: each element's onAppExit (sockets, servers). */
export async function closeApps(): Promise<void> {
  const apps = [...loaded];
  loaded.clear();
  await Promise.all(apps.map((app) => app.close()));
}
