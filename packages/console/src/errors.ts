/** Every failure the console answers with, by stable code (the HTTP status beside it). */
export const ConsoleErrorCodes = {
  /** No valid access token (cookie, or `?token=` on the page). */
  E_UNAUTHORIZED: 401,
  /** A write without the page's CSRF header, or from another origin. */
  E_FORBIDDEN: 403,
  /** No such element, or not one the console can work on. */
  E_ELEMENT_NOT_FOUND: 404,
  /** The element exists already: the console never writes over one. */
  E_ELEMENT_EXISTS: 409,
  /** The instance is a parent application's: the console writes only this application's files. */
  E_INHERITED_ELEMENT: 409,
  /** The request's fields are wrong (besides the config, whose problems come back as a list). */
  E_BAD_REQUEST: 400,
} as const;

export type ConsoleErrorCode = keyof typeof ConsoleErrorCodes;

export class ConsoleError extends Error {
  readonly status: number;
  constructor(
    readonly code: ConsoleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ConsoleError";
    this.status = ConsoleErrorCodes[code];
  }
}

export function isConsoleError(error: unknown): error is ConsoleError {
  return error instanceof Error && (error as { name?: string }).name === "ConsoleError" && typeof (error as { code?: unknown }).code === "string";
}
