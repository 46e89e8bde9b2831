import type { ConfigProblems, JsonSchema } from "@elemental/core";
import { checksumField, checksumMode, count, countField, flag, size, sizeField, text, textField } from "./configFields";
import { type BucketLocation, awsEndpoint, bucketLocation, isAwsHost, isPlainAwsS3Host, needsPathStyle, parseEndpoint } from "./endpoint";

export type ChecksumMode = "WHEN_REQUIRED" | "WHEN_SUPPORTED";

const MiB = 1024 * 1024;
/** The smallest part S3 accepts (except the last). */
export const MIN_PART_SIZE = 5 * MiB;
/** The largest part S3 accepts. */
export const MAX_PART_SIZE = 5 * 1024 * MiB;
/** The largest single PutObject S3 accepts. */
export const MAX_PUT_SIZE = 5 * 1024 * MiB;

export const DEFAULTS = {
  region: "us-east-1",
  maxAttempts: 3,
  /** Known sizes above one part go multipart, parts in parallel; see the README for the measurements. */
  multipartThreshold: 16 * MiB,
  /** Bytes per part of a file, and per ranged GET of downloadToFile; a stream's parts are this size only when set (see writeObject). */
  partSize: 8 * MiB,
  /** Parts of a file and ranges of downloadToFile in flight at once (a connection each, no memory); a stream's read-ahead takes 1.5x. */
  queueSize: 16,
  /** Bytes of a stream held at most while it uploads (the part filling and the parts in flight). */
  streamBufferSize: 64 * MiB,
  /** Seconds after which a resumable upload's kept state is abandoned: aborted on the server, forgotten. */
  resumeExpiry: 24 * 3600,
  /** A connection idle this long (no byte sent or received) fails the request, which is then retried. */
  socketTimeout: 120_000,
} as const;

/** The fields every S3 Type accepts besides its own. */
export interface S3TuningConfig {
  publicBaseUrl?: string;
  requestChecksumCalculation?: ChecksumMode | "";
  responseChecksumValidation?: ChecksumMode | "";
  maxAttempts?: number | string;
  multipartThreshold?: number | string;
  partSize?: number | string;
  queueSize?: number | string;
  streamBufferSize?: number | string;
  resumeExpiry?: number | string;
  /** Milliseconds a request may go without any byte moving before it fails (and is retried). */
  socketTimeout?: number | string;
}

export const tuningSchemaProperties: Record<string, JsonSchema> = {
  publicBaseUrl: textField,
  requestChecksumCalculation: checksumField,
  responseChecksumValidation: checksumField,
  maxAttempts: countField,
  multipartThreshold: sizeField,
  partSize: sizeField,
  queueSize: countField,
  streamBufferSize: sizeField,
  resumeExpiry: countField,
  socketTimeout: countField,
};

/** Everything the S3 storage needs, whichever Type's config it came from. */
export interface S3Settings {
  bucket: string;
  region: string;
  /** Where requests go: the configured endpoint, or AWS's regional one. */
  endpoint: URL;
  /** The endpoint handed to the SDK; undefined lets the SDK resolve AWS's own from the region. */
  sdkEndpoint: string | undefined;
  pathStyle: boolean;
  location: BucketLocation;
  /** Static keys; undefined uses the AWS default credential chain. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  publicBaseUrl: string | undefined;
  requestChecksumCalculation: ChecksumMode;
  responseChecksumValidation: ChecksumMode;
  maxAttempts: number;
  multipartThreshold: number;
  socketTimeout: number;
  partSize: number;
  /** `partSize` when the config sets it (a stream's parts are then that size), undefined for the default. */
  configuredPartSize: number | undefined;
  queueSize: number;
  streamBufferSize: number;
  /** Seconds. */
  resumeExpiry: number;
  /** A canned ACL sent with every write; undefined sends none (buckets made today reject ACLs). */
  acl: string | undefined;
  /** ListObjectsV2 (2), or ListObjects with markers (1) for servers that lack V2. */
  listVersion: 1 | 2;
  /** The endpoint's host is a custom domain bound to the bucket: requests carry no bucket name. */
  bucketDomain: boolean;
  /** The storage classes the server honours; undefined passes any. Others are E_UNSUPPORTED, never silently stored as STANDARD. */
  storageClasses: readonly string[] | undefined;
  /** The bucket accepts ACLs, so objects have a visibility (config `acls`; implied by `acl`). */
  acls: boolean;
}

/** The config fields the S3 Types share (each Type's schema decides which of them it accepts). */
export interface S3ConfigFields extends S3TuningConfig {
  bucketName: string;
  region?: string;
  /** The endPoint as configured; omitted means AWS. */
  endPoint?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  acl?: string;
  acls?: boolean | string;
  forcePathStyle?: boolean | string;
}

/** What differs between the S3 Types beyond their schemas. */
export interface TypeRules {
  /** The scheme of an endPoint given without one. */
  defaultScheme: "http" | "https";
  /** The region when the config gives none (else us-east-1). */
  defaultRegion?: string;
  /** Always address the bucket in the path, whatever the config says. */
  alwaysPathStyle?: boolean;
  /** The server accepts only virtual-hosted-style requests (OSS): a bucket name that cannot be a host label is a config problem. */
  virtualHostOnly?: boolean;
  /** The endpoint is the bucket's own (custom) domain. */
  bucketDomain?: boolean;
  /** Default 2; 1 for servers without ListObjectsV2. */
  listVersion?: 1 | 2;
  /** The storage classes the server honours (default: any). */
  storageClasses?: readonly string[];
  /** False where per-object canned ACLs are not known to work: such a Type has no visibility, whatever `acl` says. */
  objectAcls?: boolean;
}

/** Turns a Type's config into settings, recording problems by JSON pointer. */
export type SettingsResolver<Config> = (config: Config, problems: ConfigProblems) => S3Settings;

export function resolveSettings(config: S3ConfigFields, rules: TypeRules, problems: ConfigProblems): S3Settings {
  const region = text(config.region) ?? rules.defaultRegion ?? DEFAULTS.region;
  const bucket = config.bucketName.trim();
  const endPoint = text(config.endPoint);
  let endpoint = awsEndpoint(region);
  if (endPoint !== undefined) {
    const parsed = parseEndpoint(endPoint, rules.defaultScheme);
    if (typeof parsed === "string") problems.add("/endPoint", parsed);
    else endpoint = parsed;
  }
  const isAws = isAwsHost(endpoint.hostname);
  // A plain AWS host is left to the SDK, whose endpoint rules know each region's host.
  const plainAws = endPoint === undefined || (isPlainAwsS3Host(endpoint.hostname) && endpoint.pathname.replace(/\/+$/, "") === "");
  const sdkEndpoint = plainAws ? undefined : endpoint.href.replace(/\/$/, "");
  if (plainAws) endpoint = awsEndpoint(region);
  const bucketDomain = rules.bucketDomain === true;
  const pathStyle = bucketDomain || needsPathStyle(endpoint, bucket, rules.alwaysPathStyle === true || (flag(config.forcePathStyle) ?? false));
  if (pathStyle && rules.virtualHostOnly && !bucketDomain) {
    problems.add("/bucketName", "must be a DNS label (3-63 lowercase letters, digits, hyphens): this server addresses buckets only by host name");
  }
  const settings: S3Settings = {
    bucket,
    region,
    endpoint,
    sdkEndpoint,
    pathStyle,
    location: bucketDomain ? bucketLocation(endpoint, bucket, false, false) : bucketLocation(endpoint, bucket, pathStyle),
    credentials: credentialsOf(config, problems),
    publicBaseUrl: publicBaseUrlOf(config.publicBaseUrl, problems),
    requestChecksumCalculation: checksumMode(config.requestChecksumCalculation) ?? (isAws ? "WHEN_SUPPORTED" : "WHEN_REQUIRED"),
    responseChecksumValidation: checksumMode(config.responseChecksumValidation) ?? (isAws ? "WHEN_SUPPORTED" : "WHEN_REQUIRED"),
    maxAttempts: count(config.maxAttempts) ?? DEFAULTS.maxAttempts,
    multipartThreshold: size(config.multipartThreshold) ?? DEFAULTS.multipartThreshold,
    partSize: size(config.partSize) ?? DEFAULTS.partSize,
    configuredPartSize: size(config.partSize),
    queueSize: count(config.queueSize) ?? DEFAULTS.queueSize,
    streamBufferSize: size(config.streamBufferSize) ?? DEFAULTS.streamBufferSize,
    resumeExpiry: count(config.resumeExpiry) ?? DEFAULTS.resumeExpiry,
    socketTimeout: count(config.socketTimeout) ?? DEFAULTS.socketTimeout,
    acl: text(config.acl),
    listVersion: rules.listVersion ?? 2,
    bucketDomain,
    storageClasses: rules.storageClasses,
    acls: rules.objectAcls !== false && (flag(config.acls) ?? text(config.acl) !== undefined),
  };
  checkSizes(settings, problems);
  return settings;
}

function credentialsOf(config: S3ConfigFields, problems: ConfigProblems): S3Settings["credentials"] {
  const accessKeyId = text(config.accessKeyId);
  const secretAccessKey = config.accessKeySecret === "" ? undefined : config.accessKeySecret;
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined) problems.add("/accessKeyId", "is required when accessKeySecret is given");
  if (secretAccessKey === undefined) problems.add("/accessKeySecret", "is required when accessKeyId is given");
  return accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined;
}

function publicBaseUrlOf(value: string | undefined, problems: ConfigProblems): string | undefined {
  const base = text(value);
  if (base === undefined) return undefined;
  if (!/^https?:\/\/[^/?#]+/i.test(base)) problems.add("/publicBaseUrl", "must be an http(s) URL");
  return base.replace(/\/+$/, "");
}

function checkSizes(settings: S3Settings, problems: ConfigProblems): void {
  if (settings.partSize < MIN_PART_SIZE) problems.add("/partSize", `must be at least 5 MiB (${MIN_PART_SIZE} bytes), S3's smallest part`);
  if (settings.partSize > MAX_PART_SIZE) problems.add("/partSize", `must be at most 5 GiB (${MAX_PART_SIZE} bytes), S3's largest part`);
  if (settings.streamBufferSize < settings.partSize) problems.add("/streamBufferSize", "must hold at least one part (partSize)");
  if (settings.multipartThreshold > MAX_PUT_SIZE) problems.add("/multipartThreshold", "must be at most 5 GiB, S3's largest PutObject");
}
