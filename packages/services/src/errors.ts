/** The one error table of @elemental/services and the services built on it. Codes are public API. */
export const ServiceErrorCodes = {
  E_NOT_FOUND: "The file or record does not exist (or has expired).",
  E_INVALID_ARGUMENT: "An argument is invalid: a bad name, md5, size, expiry or query parameter.",
  E_ACCESS_DENIED: "A signature is missing, wrong or expired, or the request is not authorised.",
  E_TOO_LARGE: "The body or the image is larger than the limit.",
  E_UNSUPPORTED_MEDIA: "The file is not an image that can be previewed as a thumbnail.",
  E_CHECKSUM_MISMATCH: "The bytes received do not have the md5 announced.",
  E_ABORTED: "The upload was aborted (the client went away).",
  E_UNKNOWN: "A failure that fits no other code; see `cause`.",
} as const;

export type ServiceErrorCode = keyof typeof ServiceErrorCodes;

/** HTTP status per code, for the routes that serve a service. */
export const SERVICE_STATUS: Record<ServiceErrorCode, number> = {
  E_NOT_FOUND: 404,
  E_INVALID_ARGUMENT: 400,
  E_ACCESS_DENIED: 403,
  E_TOO_LARGE: 413,
  E_UNSUPPORTED_MEDIA: 415,
  E_CHECKSUM_MISMATCH: 400,
  E_ABORTED: 499,
  E_UNKNOWN: 500,
};

export class ServiceError extends Error {
  override readonly name = "ServiceError";
  readonly code: ServiceErrorCode;
  readonly service: string | undefined;

  constructor(code: ServiceErrorCode, detail: string, context: { service?: string; cause?: unknown } = {}) {
    super(`${code}: ${context.service ? `${context.service}: ` : ""}${detail}`, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.service = context.service;
  }

  get status(): number {
    return SERVICE_STATUS[this.code];
  }
}

/** True for any ServiceError, even one from another copy of this package. */
export function isServiceError(value: unknown, code?: ServiceErrorCode): value is ServiceError {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { name?: unknown; code?: unknown };
  return candidate.name === "ServiceError" && typeof candidate.code === "string" && (code === undefined || candidate.code === code);
}
