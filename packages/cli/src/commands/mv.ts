import type { Command } from "commander";
import type { Runner } from "../runner";
import { registerCopyCommand } from "../sync/copyCommand";

export function registerMv(program: Command, run: Runner): void {
  registerCopyCommand(program, run, "move");
}
