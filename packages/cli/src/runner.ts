import type { Command } from "commander";
import type { CliContext } from "./context";
import type { CommandResult } from "./output";

/** A command's work: it gets the context and hands back what to print. */
export type Handler = (ctx: CliContext) => Promise<CommandResult>;

/** Builds the context from the parsed options, runs the handler, prints its result, sets the exit code. */
export type Runner = (command: Command, handler: Handler) => Promise<void>;
