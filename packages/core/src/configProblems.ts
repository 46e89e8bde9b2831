import path from "node:path";
import type { ElementContext } from "./element";
import { ElementError, locate } from "./errors";

/**
 * Collects the problems of one instance's config, each located by JSON pointer, then throws them as one
 * ElementError `E_INVALID_CONFIG` listing every one as `file#/pointer: message`. The schema check and a
 * Type's own checks (in its constructor) report through it alike.
 */
export class ConfigProblems {
  private readonly found: Array<{ pointer: string; message: string }> = [];

  constructor(
    readonly fullName: string,
    /** The config file, or where it would be when the instance has none. */
    readonly file: string,
  ) {}

  add(pointer: string, message: string): this {
    this.found.push({ pointer, message });
    return this;
  }

  /** Every problem as `file#/pointer: message`. */
  list(): string[] {
    return this.found.map(({ pointer, message }) => locate(this.file, pointer, message));
  }

  throwIfAny(help?: string): void {
    if (this.found.length === 0) return;
    throw new ElementError("E_INVALID_CONFIG", `${this.fullName} has an invalid config`, {
      fullName: this.fullName,
      file: this.file,
      pointer: this.found[0]?.pointer,
      problems: this.list(),
      help,
    });
  }
}

/** The config problems of the instance a Type's constructor is building. */
export function configProblems(context: ElementContext<unknown>): ConfigProblems {
  const { define } = context;
  return new ConfigProblems(define.fullName, context.configFile ?? path.join(define.dir, `${define.name}.json`));
}
