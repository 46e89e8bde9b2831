import type { Command } from "commander";
import type { Runner } from "../runner";
import { registerCopyCommand } from "../sync/copyCommand";

export function registerCp(program: Command, run: Runner): void {
  registerCopyCommand(program, run, "copy");
}
