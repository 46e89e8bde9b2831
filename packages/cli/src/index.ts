export { run, buildProgram, cliMain } from "./main";
export { CliError, CliErrorCodes, EXIT, exitCodeFor, type CliErrorCode } from "./errors";
export { scaffoldConfig, envVarName, isScaffoldedFromEnv } from "@elemental/storages";
