import { type StorageErrorCode, type StorageFailure, classifyCommonError, isStorageError } from "@elemental/storages";

/** The parts of an SDK error we read (service errors carry `$metadata`; network errors carry `code`). */
interface SdkErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  Code?: unknown;
  $fault?: unknown;
  $metadata?: { httpStatusCode?: number };
}

const NOT_FOUND = new Set(["NoSuchKey", "NotFound", "NoSuchVersion"]);
const ACCESS_DENIED = new Set([
  "AccessDenied",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "Forbidden",
  "ExpiredToken",
  "InvalidToken",
  "AllAccessDisabled",
  "AccountProblem",
  "RequestTimeTooSkewed",
]);
const INVALID_CONFIG = new Set(["NoSuchBucket", "PermanentRedirect", "AuthorizationHeaderMalformed", "InvalidBucketName", "CredentialsProviderError"]);
const UNAVAILABLE = new Set([
  "SlowDown",
  "ServiceUnavailable",
  "InternalError",
  "RequestTimeout",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
]);
const CHECKSUM = new Set(["BadDigest", "InvalidDigest", "IncompleteBody", "XAmzContentSHA256Mismatch", "XAmzContentChecksumMismatch", "InvalidChecksum"]);
const INVALID_ARGUMENT = new Set(["InvalidRange", "EntityTooLarge", "EntityTooSmall", "KeyTooLongError", "InvalidArgument", "InvalidStorageClass"]);
const PRECONDITION = new Set(["PreconditionFailed", "NotModified"]);
/** A bucket whose Object Ownership is "bucket owner enforced" refuses every ACL. */
const ACLS_DISABLED = "AccessControlListNotSupported";
/** S3's answer to a CopyObject onto its own source that changes nothing (InvalidRequest, HTTP 400). */
const ILLEGAL_SELF_COPY = /copy request is illegal because it is trying to copy an object to itself/i;
// The SDK's retry middleware wraps what is not `instanceof Error` (a Node error from another realm, as
// under jest) in "AWS SDK error wrapper for ...", which keeps only the text: find the system code there.
const NETWORK_TEXT = /\b(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ECONNABORTED)\b/;

/** The storage code of an S3 error code (`NoSuchKey`, `SlowDown`, ...), or undefined for one not listed. */
export function storageCodeOfS3Code(code: string): StorageErrorCode | undefined {
  if (NOT_FOUND.has(code)) return "E_NOT_FOUND";
  if (ACCESS_DENIED.has(code)) return "E_ACCESS_DENIED";
  if (INVALID_CONFIG.has(code)) return "E_INVALID_CONFIG";
  if (UNAVAILABLE.has(code)) return "E_UNAVAILABLE";
  if (CHECKSUM.has(code)) return "E_CHECKSUM_MISMATCH";
  if (INVALID_ARGUMENT.has(code)) return "E_INVALID_ARGUMENT";
  if (PRECONDITION.has(code)) return "E_PRECONDITION_FAILED";
  if (code === ACLS_DISABLED) return "E_UNSUPPORTED";
  return undefined;
}

/** The storage error code of an AWS SDK error, or undefined to leave it to the common rules. */
export function classifyS3Error(error: unknown): StorageErrorCode | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  if (isStorageError(error)) return error.code;
  const { name, Code, message, $metadata } = error as SdkErrorShape;
  const code = typeof Code === "string" ? Code : typeof name === "string" ? name : "";
  const status = $metadata?.httpStatusCode;
  const named = storageCodeOfS3Code(code);
  if (named) return named;
  // The SDK's own check of a response checksum fails with a plain Error that says so.
  if (typeof message === "string" && /checksum mismatch/i.test(message)) return "E_CHECKSUM_MISMATCH";
  if (code === "InvalidRequest" && typeof message === "string" && ILLEGAL_SELF_COPY.test(message)) return "E_INVALID_ARGUMENT";
  if (code === "TimeoutError" && typeof message === "string" && /without establishing a connection/i.test(message)) return "E_UNAVAILABLE";
  const common = classifyCommonError(error);
  if (common) return common;
  if (status === undefined && typeof message === "string" && NETWORK_TEXT.test(message)) return "E_UNAVAILABLE";
  if (status === 404) return "E_NOT_FOUND";
  if (status === 401 || status === 403) return "E_ACCESS_DENIED";
  if (status === 412 || status === 304) return "E_PRECONDITION_FAILED";
  if (status === 416) return "E_INVALID_ARGUMENT";
  if (status !== undefined && (status >= 500 || status === 429)) return "E_UNAVAILABLE";
  return undefined;
}

/** Where the storage's bucket lives, as messages name it. */
export interface BucketAddress {
  endpoint: string;
  bucket: string;
}

/**
 * What an SDK error means: its storage code, and a detail that says what S3 answered (its error code and
 * HTTP status) and, when the storage could not be reached or its config does not fit the server, which
 * endpoint and bucket. Undefined for what is not an S3 answer or a known network failure.
 */
export function s3StorageErrorOf(error: unknown, where: BucketAddress): StorageFailure | undefined {
  if (typeof error !== "object" || error === null || isStorageError(error)) return undefined;
  scrubSignatures(error);
  const code = classifyS3Error(error);
  if (code === undefined) return undefined;
  const { name, message, $metadata } = error as SdkErrorShape;
  const status = $metadata?.httpStatusCode;
  const label = typeof name === "string" && name !== "Error" ? name : "";
  // Without an error body (HEAD, some servers) the SDK's message is just "UnknownError".
  const text = typeof message === "string" && message !== "" && message !== name && message !== "UnknownError" ? message : "";
  let detail = [label, status ? `(HTTP ${status})` : ""].filter(Boolean).join(" ");
  detail = detail && text ? `${detail}: ${text}` : detail || text || "no message";
  if (code === "E_UNAVAILABLE") detail = `the S3 endpoint ${where.endpoint} is unavailable (${detail})`;
  if (code === "E_INVALID_CONFIG") detail = inBucket(detail, where);
  if (label === ACLS_DISABLED) {
    detail = inBucket(
      `the bucket has ACLs disabled (Object Ownership "bucket owner enforced"), so objects cannot be made public or private one by one; enable ACLs on the bucket, or remove acl and acls from the storage's config (${detail})`,
      where,
    );
  }
  return { code, detail };
}

/** A missing bucket, found by asking for it (a HEAD answer has no body to say so). */
export function missingBucket(status: number, where: BucketAddress): StorageFailure {
  return { code: "E_INVALID_CONFIG", detail: inBucket(`NoSuchBucket (HTTP ${status}): the bucket does not exist`, where) };
}

function inBucket(detail: string, where: BucketAddress): string {
  return `${detail} (bucket "${where.bucket}" at ${where.endpoint})`;
}

/**
 * S3's SignatureDoesNotMatch answer carries the signature the client sent and what it signed; the SDK
 * copies them onto the error, where a logger printing `cause` would show them. They are dropped.
 */
const SIGNATURE_FIELDS = ["SignatureProvided", "StringToSign", "StringToSignBytes", "CanonicalRequest", "CanonicalRequestBytes"];

function scrubSignatures(error: object): void {
  for (const field of SIGNATURE_FIELDS) {
    if (field in error) delete (error as Record<string, unknown>)[field];
  }
}
