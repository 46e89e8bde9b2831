import { isIP } from "node:net";
import { parseEndpoint } from "./endpoint";

/** Where an OSS bucket speaks S3, as derived from JitAi's `endPoint`. */
export interface OssAddress {
  /** The S3 API endpoint: `https://s3.oss-<region>[-internal].aliyuncs.com`, or the custom domain. */
  s3Endpoint: string;
  /** The OSS region id (`cn-hangzhou`), which is also the SigV4 region; undefined for a custom domain. */
  region: string | undefined;
  /** The endpoint's host is a custom domain bound to the bucket: requests name no bucket. */
  bucketDomain: boolean;
}

/**
 * OSS endpoint hosts, as Alibaba Cloud documents them: the OSS API (`oss-cn-hangzhou.aliyuncs.com`), its
 * internal twin (`oss-cn-hangzhou-internal.aliyuncs.com`), and the same with `s3.` in front (the S3 API), each
 * possibly preceded by the bucket (a bucket domain pasted from the console).
 */
const OSS_HOST = /^(?:s3\.)?oss-([a-z]{2}-[a-z0-9-]+?)(-internal)?\.aliyuncs\.com$/;
/** Transfer acceleration has no region of its own. */
const ACCELERATE_HOST = /^(?:s3\.)?oss-accelerate(?:-overseas)?\.aliyuncs\.com$/;

/**
 * Derives the S3 endpoint and region of an OSS `endPoint`: OSS accepts only virtual-hosted-style requests and
 * speaks S3 at `s3.oss-<region>.aliyuncs.com`. Any other host is taken for a custom domain bound to the bucket.
 * Returns the problem as a string when the value cannot be an OSS endpoint.
 */
export function ossAddress(endPoint: string, bucket: string): OssAddress | string {
  const url = parseEndpoint(endPoint, "https");
  if (typeof url === "string") return url;
  if (url.pathname.replace(/\/+$/, "") !== "") return "must be a host name (an OSS endpoint has no path)";
  const host = url.hostname.toLowerCase().replace(new RegExp(`^${escapeRegExp(bucket)}\\.(?=(s3\\.)?oss-)`), "");
  if (ACCELERATE_HOST.test(host))
    return "is a transfer-acceleration endpoint, which has no region: use the bucket's regional endpoint (oss-<region>.aliyuncs.com)";
  const match = OSS_HOST.exec(host);
  if (match?.[1]) {
    const port = url.port ? `:${url.port}` : "";
    return { s3Endpoint: `${url.protocol}//s3.oss-${match[1]}${match[2] ?? ""}.aliyuncs.com${port}`, region: match[1], bucketDomain: false };
  }
  if (/(^|\.)aliyuncs\.com$/.test(host)) return "is an aliyuncs.com host but not an OSS endpoint (oss-<region>.aliyuncs.com or s3.oss-<region>.aliyuncs.com)";
  if (isIP(host.replace(/^\[|\]$/g, "")) !== 0 || host === "localhost") return "is an address, not an OSS endpoint: to reach another S3 server set s3Endpoint";
  return { s3Endpoint: url.href.replace(/\/$/, ""), region: undefined, bucketDomain: true };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
