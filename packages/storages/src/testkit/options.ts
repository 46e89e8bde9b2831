import type { StorageBase } from "../StorageBase";
import type { StorageCapabilities } from "../types";

/** Any storage, whatever its config type. */
export type AnyStorage = StorageBase<object>;

/** How to run the conformance suite against one storage. Only `name` and `create` are required. */
export interface StorageConformanceOptions<S extends AnyStorage = AnyStorage> {
  /** The title of the suite's `describe` block, e.g. "storages.AwsS3Type on RGW". */
  name: string;
  /** Builds the storage under test; called once, in `beforeAll`. */
  create: () => Promise<S> | S;
  /**
   * Builds a second element on the same data, as another process would (a new application with the same
   * config): the folder listing resumes there from a cursor the first element returned. Default: the
   * storage itself (for a Type whose data lives in its element, such as MemoryType).
   */
  reopen?: (storage: S) => Promise<S> | S;
  /** Called once in `afterAll`, after the suite deleted every key it wrote. */
  destroy?: (storage: S) => Promise<void> | void;
  /**
   * Overrides of `storage.capabilities` (for a backend that does less than its Type can). A capability
   * that ends up false is not skipped: its cases assert that the storage reports E_UNSUPPORTED.
   */
  capabilities?: Partial<StorageCapabilities>;
  /** Size of the large-object round trips (uploadStream and uploadByPath). Default 100 MiB. */
  largeObjectBytes?: number;
  /** How long to wait before fetching a signed URL made with `expires = 1`. Default 2,500 ms. */
  signedUrlExpiryWaitMs?: number;
  /** How many keys the listing case writes under one prefix. Default 1,100 (more than one S3 page). */
  listingKeyCount?: number;
  /** The small page size the listing case also passes to `list`. Default 250. */
  pageSizeForListing?: number;
  /** How many files the folder-listing case writes in one folder (listed in pages of 1,000). Default 2,500. */
  folderFileCount?: number;
  /** How many sub-folders that folder gets besides its files. Default 30. */
  folderSubfolderCount?: number;
  /** How many writes or deletes the suite runs at once when it makes or removes many keys. Default 32. */
  concurrency?: number;
  /** The start of this run's key prefix; a random part and `/` follow. Default "conformance-". */
  keyPrefix?: string;
  /** Timeout of the slow cases (large objects, listing), in ms. Default 300,000. */
  slowTimeoutMs?: number;
  /**
   * Changes one character of a signed URL's signature. By default the suite changes the first character
   * of the first query parameter named like a signature (`X-Amz-Signature`, `signature`, `sig`, ...).
   */
  tamperSignature?: (url: string) => string;
}

export type ResolvedOptions<S extends AnyStorage = AnyStorage> = Required<Omit<StorageConformanceOptions<S>, "destroy" | "capabilities" | "reopen">> &
  Pick<StorageConformanceOptions<S>, "destroy" | "capabilities" | "reopen">;

export function resolveOptions<S extends AnyStorage>(options: StorageConformanceOptions<S>): ResolvedOptions<S> {
  return {
    largeObjectBytes: 100 * 1024 * 1024,
    signedUrlExpiryWaitMs: 2500,
    listingKeyCount: 1100,
    pageSizeForListing: 250,
    folderFileCount: 2500,
    folderSubfolderCount: 30,
    concurrency: 32,
    keyPrefix: "conformance-",
    slowTimeoutMs: 300_000,
    tamperSignature: tamperFirstSignatureParam,
    ...definedOnly(options),
  };
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const SIGNATURE_PARAM = /([?&](?:x-amz-signature|signature|sig|token|hmac|x-goog-signature)=)([^&#])/i;

/** The default `tamperSignature`: changes the first character of the signature parameter's value. */
export function tamperFirstSignatureParam(url: string): string {
  // Edited as text so that exactly one character changes (re-serialising the query could re-encode others).
  // The first character carries signature bits in every encoding (the last may be only base64 padding).
  const match = SIGNATURE_PARAM.exec(url);
  if (!match || match[1] === undefined || match[2] === undefined) {
    throw new Error(`no signature parameter found in ${url}; pass the tamperSignature option to describeStorageConformance`);
  }
  const at = match.index + match[1].length;
  return url.slice(0, at) + (match[2] === "0" ? "1" : "0") + url.slice(at + 1);
}
