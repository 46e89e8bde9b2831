export { consolePlugin, type ConsoleOptions } from "./consolePlugin";
export { newConsoleToken, CSRF_HEADER } from "./access";
export { ConsoleError, ConsoleErrorCodes, isConsoleError, type ConsoleErrorCode } from "./errors";
export { MASK, maskSecrets } from "./maskSecrets";
export { stderrLog, type WriteLog } from "./writeLog";
export { corsRuleFor } from "./corsRule";
