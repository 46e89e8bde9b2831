import path from "node:path";
import type { Environment } from "@elemental/core";
import { buildEnv } from "./envFile";
import { findAppRoot, userCwd } from "./userCwd";

/** The options every command accepts (declared once, on the program). */
export interface GlobalOptions {
  root?: string;
  envFile?: string[];
  json?: boolean;
  debug?: boolean;
  /** False with --no-progress. */
  progress?: boolean;
}

/** What a command runs with: where the user is, which application, which environment, how to print. */
export interface CliContext {
  /** The user's working folder; relative paths on the command line are resolved against it. */
  readonly cwd: string;
  /** The application root: --root, else the nearest folder with an app.json; the current folder when neither. */
  readonly root: string;
  /** False when no --root was given and no app.json is here or above: commands that need an application refuse (see loadApp). */
  readonly appFound: boolean;
  readonly env: Environment;
  readonly json: boolean;
  readonly debug: boolean;
  /** Whether a progress bar may be drawn (on stderr, when it is a terminal). */
  readonly progress: boolean;
  /** Aborted on Ctrl-C, so that transfers stop cleanly. */
  readonly signal: AbortSignal;
  /** A path from the command line, made absolute against the user's folder. */
  resolvePath(file: string): string;
}

export function createContext(options: GlobalOptions, signal: AbortSignal): CliContext {
  const cwd = userCwd();
  const resolvePath = (file: string): string => path.resolve(cwd, file);
  const root = options.root === undefined ? findAppRoot(cwd) : resolvePath(options.root);
  return {
    cwd,
    root: root ?? cwd,
    appFound: root !== undefined,
    env: buildEnv((options.envFile ?? []).map(resolvePath)),
    json: options.json === true,
    debug: options.debug === true,
    progress: options.progress !== false && process.stderr.isTTY === true,
    signal,
    resolvePath,
  };
}
