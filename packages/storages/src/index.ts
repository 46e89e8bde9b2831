export { StorageBase, SIGN_EXPIRES, MAX_SIGN_EXPIRES, type WriteRequest, type ReadResult } from "./StorageBase";
export { StorageError, StorageErrorCodes, isStorageError, type StorageErrorCode, type StorageErrorContext } from "./errors";
export { keyProblem, prefixProblem, assertValidKey, MAX_KEY_BYTES } from "./keys";
export { toUploadBody, collect, lengthGuard, type UploadBody } from "./body";
export { classifyCommonError } from "./classify";
export { redact, secretsOf } from "./redact";
export { contentTypeFor, DEFAULT_CONTENT_TYPE } from "./mime";
export { getDefaultStorage } from "./defaultStorage";
export type * from "./types";
