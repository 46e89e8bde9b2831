import type { Command } from "commander";
import type { Runner } from "../runner";
import { registerCp } from "./cp";
import { registerMv } from "./mv";
import { registerServe } from "./serve";
import { registerSync } from "./sync";

/** The commands that move many objects, or serve them: sync, cp, mv and serve (registered after `rm`). */
export function registerSyncCopyMoveServe(program: Command, run: Runner): void {
  for (const register of [registerSync, registerCp, registerMv, registerServe]) register(program, run);
}
