import { type App, createApp } from "@elemental/core";
import type { CliContext } from "./context";

/** The applications this process loaded: the command runner closes them when the command ends. */
const loaded = new Set<App>();

/** The application at the context's root, its declarations checked (throws one error listing every problem). */
export async function loadApp(ctx: CliContext): Promise<App> {
  const app = await createApp({ root: ctx.root, env: ctx.env });
  loaded.add(app);
  return app;
}

/** `app.close()` on every application loaded: each element's onAppExit (sockets, servers). */
export async function closeApps(): Promise<void> {
  const apps = [...loaded];
  loaded.clear();
  await Promise.all(apps.map((app) => app.close()));
}
