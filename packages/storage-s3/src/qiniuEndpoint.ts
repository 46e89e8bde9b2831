import { parseEndpoint } from "./endpoint";

/**
 * Qiniu Kodo's zones as data: the zone id its SDKs and upload domains use, and the region id of its
 * S3-compatible API (`s3.<region>.qiniucs.com`). Sources: Qiniu's "存储区域" and "AWS S3 兼容" pages (see the
 * README). Upload domains are `up[-<zone>].qiniup.com` and `upload[-<zone>].qiniup.com` (no zone = z0).
 */
export const QINIU_ZONES: Readonly<Record<string, string>> = {
  z0: "cn-east-1",
  "cn-east-2": "cn-east-2",
  z1: "cn-north-1",
  z2: "cn-south-1",
  na0: "us-north-1",
  as0: "ap-southeast-1",
  "ap-southeast-2": "ap-southeast-2",
  "ap-southeast-3": "ap-southeast-3",
};

/** JitAi's default endPoint for QiniuType. */
export const QINIU_DEFAULT_ENDPOINT = "upload-z2.qiniup.com";

const UPLOAD_HOST = /^(?:up|upload)(?:-([a-z0-9-]+?))?\.(?:qiniup\.com|qbox\.me)$/;
const S3_HOST = /^s3[.-]([a-z]{2}-[a-z]+-[0-9]+)\.qiniucs\.com$/;

export interface QiniuAddress {
  s3Endpoint: string;
  region: string;
}

/**
 * The S3 endpoint and region of a Qiniu `endPoint`: a zone's upload domain (`upload-z2.qiniup.com`) maps to
 * its S3 region, an S3 endpoint (`s3.cn-south-1.qiniucs.com`) is used as it is. `scheme` applies when the
 * value has none. Returns the problem as a string otherwise.
 */
export function qiniuAddress(endPoint: string, scheme: "http" | "https"): QiniuAddress | string {
  const url = parseEndpoint(endPoint, scheme);
  if (typeof url === "string") return url;
  if (url.pathname.replace(/\/+$/, "") !== "") return "must be a host name (a Qiniu endpoint has no path)";
  const host = url.hostname.toLowerCase();
  const s3 = S3_HOST.exec(host);
  if (s3?.[1]) return { s3Endpoint: `${url.protocol}//s3.${s3[1]}.qiniucs.com`, region: s3[1] };
  const upload = UPLOAD_HOST.exec(host);
  if (upload) {
    const zone = upload[1] ?? "z0";
    const region = QINIU_ZONES[zone];
    if (region === undefined)
      return `names zone "${zone}", which has no known S3 region (known: ${Object.keys(QINIU_ZONES).join(", ")}): use its S3 endpoint s3.<region>.qiniucs.com`;
    return { s3Endpoint: `${url.protocol}//s3.${region}.qiniucs.com`, region };
  }
  return "is neither a Qiniu upload domain (upload-<zone>.qiniup.com) nor its S3 endpoint (s3.<region>.qiniucs.com): to reach another S3 server set s3Endpoint";
}
