import { type App, createApp } from "@elemental/core";
import type { CliContext } from "./context";

/** The application at the context's root, its declarations checked (throws one error listing every problem). */
export function loadApp(ctx: CliContext): Promise<App> {
  return createApp({ root: ctx.root, env: ctx.env });
}
