import { isIP } from "node:net";

/** Where a bucket's objects live: the pieces both `uploadByFile`'s URLs and signed URLs are built from. */
export interface BucketLocation {
  /** `http:` or `https:`. */
  protocol: string;
  /** The host requests go to: the endpoint's host, or `<bucket>.<host>` for virtual-host addressing. */
  hostname: string;
  port: number | undefined;
  /** The URL path before the key, without a trailing slash: `""`, `/<bucket>` or `<base>/<bucket>`. */
  pathPrefix: string;
}

/**
 * Parses an `endPoint` as configured: a host (`s3.amazonaws.com`), `host:port` (`127.0.0.1:7480`) or a URL
 * (`http://127.0.0.1:7480`, `https://gw.example.com/s3`). Without a scheme, `defaultScheme` is used.
 * Returns the problem as a string when the value cannot be an endpoint.
 */
export function parseEndpoint(endPoint: string, defaultScheme: "http" | "https"): URL | string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(endPoint) ? endPoint : `${defaultScheme}://${endPoint}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return "is not a host, host:port or http(s) URL"; // the value itself is not shown: it may hold a pasted secret
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return `the scheme must be http or https, not ${url.protocol.slice(0, -1)}`;
  if (url.username || url.password) return "must not contain credentials (use accessKeyId and accessKeySecret)";
  if (url.search || url.hash) return "must not have a query or a fragment";
  url.pathname = url.pathname.replace(/\/+$/, "");
  return url;
}

/** AWS's own S3 hosts, for which the SDK's endpoint rules (and AWS defaults such as checksums) apply. */
export function isAwsHost(hostname: string): boolean {
  return /(^|\.)amazonaws\.com(\.cn)?$/i.test(hostname);
}

/** A plain regional or global AWS S3 host (`s3.amazonaws.com`, `s3.eu-west-1.amazonaws.com`, `s3-eu-west-1...`). */
export function isPlainAwsS3Host(hostname: string): boolean {
  return /^s3([.-][a-z0-9-]+)?\.amazonaws\.com(\.cn)?$/i.test(hostname);
}

/** AWS's regional S3 endpoint. */
export function awsEndpoint(region: string): URL {
  return new URL(`https://s3.${region}.amazonaws.com${region.startsWith("cn-") ? ".cn" : ""}`);
}

/**
 * Whether requests must name the bucket in the path: when configured, when the endpoint is an IP address
 * or `localhost` (no DNS for `<bucket>.<ip>`), or when the bucket name cannot be a DNS label (dots break
 * TLS certificates, as the SDK itself decides).
 */
export function needsPathStyle(endpoint: URL, bucket: string, forcePathStyle: boolean): boolean {
  const host = endpoint.hostname.replace(/^\[|\]$/g, "");
  if (forcePathStyle || isIP(host) !== 0 || host === "localhost") return true;
  return !/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/.test(bucket);
}

/** `bucketInHost` false: the endpoint's host is the bucket's own domain (a custom domain bound to it). */
export function bucketLocation(endpoint: URL, bucket: string, pathStyle: boolean, bucketInHost = true): BucketLocation {
  const base = endpoint.pathname.replace(/\/+$/, "");
  return {
    protocol: endpoint.protocol,
    hostname: pathStyle || !bucketInHost ? endpoint.hostname : `${bucket}.${endpoint.hostname}`,
    port: endpoint.port ? Number(endpoint.port) : undefined,
    pathPrefix: pathStyle ? `${base}/${encodeSegment(bucket)}` : base,
  };
}

/** The object's URL on the endpoint (not signed). */
export function locationUrl(location: BucketLocation, key: string): string {
  const port = location.port === undefined ? "" : `:${location.port}`;
  return `${location.protocol}//${location.hostname}${port}${location.pathPrefix}/${encodeKey(key)}`;
}

/** A key as a URL path: each `/`-separated segment percent-encoded (Unicode as UTF-8, spaces as %20). */
export function encodeKey(key: string): string {
  return key.split("/").map(encodeSegment).join("/");
}

/** RFC 3986 encoding, as SigV4 wants it: encodeURIComponent plus `!'()*`. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
