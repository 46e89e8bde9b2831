import { createHash, createHmac } from "node:crypto";
import { encodeSegment } from "./endpoint";

const ALGORITHM = "AWS4-HMAC-SHA256";
/** A presigned URL carries no body, so S3 signs the payload as unsigned. */
const UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

export interface SigningCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  /** Temporary credentials' token; it travels as `X-Amz-Security-Token`. */
  sessionToken?: string | undefined;
}

export interface QueryPresignRequest {
  method: string;
  /** The Host header: the hostname, plus `:port` when the URL names one. */
  host: string;
  /** The URL path, already URI-encoded: S3 signs it as sent, neither normalised nor encoded twice. */
  path: string;
  /** Query parameters besides the `X-Amz-*` ones added here, not encoded. */
  query: Record<string, string>;
  /** Headers signed besides `host`, with lower-case names; whoever uses the URL must send them. */
  headers: Record<string, string>;
  /** Seconds the URL stays valid (at most 7 days). */
  expiresIn: number;
  date: Date;
}

/**
 * AWS Signature Version 4 in the query string (a presigned URL), for S3 in one region. It does what the
 * SDK's `SignatureV4.presign` does for these requests, without its per-call request cloning and awaits:
 * one SHA-256 and one HMAC per URL, since the signing key (an HMAC chain over date, region and service)
 * is kept until the day or the secret changes.
 */
export class SigV4QuerySigner {
  private signingKeyOf: { secret: string; shortDate: string; key: Buffer } | undefined;

  constructor(
    private readonly region: string,
    private readonly service = "s3",
  ) {}

  /** The signed query string (without `?`): the request's parameters, the `X-Amz-*` ones, and `X-Amz-Signature` last. */
  presign(credentials: SigningCredentials, request: QueryPresignRequest): string {
    const longDate = amzDate(request.date);
    const shortDate = longDate.slice(0, 8);
    const scope = `${shortDate}/${this.region}/${this.service}/aws4_request`;
    const headerNames = ["host", ...Object.keys(request.headers)].sort();
    const signedHeaders = headerNames.join(";");
    const params: Record<string, string> = {
      ...request.query,
      "X-Amz-Algorithm": ALGORITHM,
      "X-Amz-Credential": `${credentials.accessKeyId}/${scope}`,
      "X-Amz-Date": longDate,
      "X-Amz-Expires": String(request.expiresIn),
      "X-Amz-SignedHeaders": signedHeaders,
    };
    if (credentials.sessionToken) params["X-Amz-Security-Token"] = credentials.sessionToken;
    const query = canonicalQuery(params);
    let canonicalHeaders = "";
    for (const name of headerNames) canonicalHeaders += `${name}:${canonicalHeaderValue(name === "host" ? request.host : (request.headers[name] ?? ""))}\n`;
    const canonicalRequest = `${request.method}\n${request.path}\n${query}\n${canonicalHeaders}\n${signedHeaders}\n${UNSIGNED_PAYLOAD}`;
    const stringToSign = `${ALGORITHM}\n${longDate}\n${scope}\n${createHash("sha256").update(canonicalRequest).digest("hex")}`;
    const signature = createHmac("sha256", this.signingKey(credentials.secretAccessKey, shortDate)).update(stringToSign).digest("hex");
    return `${query}&X-Amz-Signature=${signature}`;
  }

  private signingKey(secret: string, shortDate: string): Buffer {
    const cached = this.signingKeyOf;
    if (cached && cached.secret === secret && cached.shortDate === shortDate) return cached.key;
    let key = hmac(`AWS4${secret}`, shortDate);
    for (const part of [this.region, this.service, "aws4_request"]) key = hmac(key, part);
    this.signingKeyOf = { secret, shortDate, key };
    return key;
  }
}

/** `20130524T000000Z`: ISO 8601 basic format, in UTC, to the second. */
export function amzDate(date: Date): string {
  const iso = date.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
}

/** `name=value` pairs, both RFC 3986-encoded, sorted by encoded name (byte order: `X-Amz-*` before lower case). */
function canonicalQuery(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([name, value]) => [encodeSegment(name), encodeSegment(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join("&");
}

/** A header value as SigV4 signs it: runs of spaces and tabs become one space, none at either end. */
function canonicalHeaderValue(value: string): string {
  return value.replace(/[ \t]+/g, " ").trim();
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
