import type { S3Client } from "@aws-sdk/client-s3";
import { type BucketLocation, encodeKey } from "./endpoint";
import { type SigningCredentials, SigV4QuerySigner } from "./sigv4";

export interface SignedRequest {
  url: string;
  /** Headers the caller must send as they are (they are part of the signature). */
  headers: Record<string, string>;
}

/**
 * Pre-signs S3 requests for one bucket with SigV4 in the query string (`sigv4.ts`): the parameters and
 * signature the SDK's `S3RequestPresigner` gives, in 40 % of its time and under 1/20 of `getSignedUrl`'s.
 * Credentials come from the client on every URL: its provider is the SDK's memoized one (the default
 * chain, refreshed before expiry), which costs about 0.25 us once resolved.
 * URLs carry no checksum parameter, so an upload URL never pins the checksum of an empty body.
 */
export class UrlSigner {
  private readonly signer: SigV4QuerySigner;
  private readonly origin: string;
  private readonly host: string;

  private constructor(
    private readonly client: S3Client,
    region: string,
    private readonly location: BucketLocation,
    private readonly now: () => number,
  ) {
    this.signer = new SigV4QuerySigner(region);
    this.host = location.port === undefined ? location.hostname : `${location.hostname}:${location.port}`;
    this.origin = `${location.protocol}//${this.host}`;
  }

  /** `now` (milliseconds since the epoch) is the signing clock; tests fix it. */
  static async create(client: S3Client, location: BucketLocation, now: () => number = Date.now): Promise<UrlSigner> {
    return new UrlSigner(client, await client.config.region(), location, now);
  }

  /**
   * A GET URL; `responseContentType` and `responseContentDisposition` make S3 answer with that Content-Type
   * and Content-Disposition (signed, as every query parameter is).
   */
  async signGet(key: string, expiresIn: number, responseContentType?: string, responseContentDisposition?: string): Promise<string> {
    const query: Record<string, string> = {};
    if (responseContentType) query["response-content-type"] = responseContentType;
    if (responseContentDisposition) query["response-content-disposition"] = responseContentDisposition;
    return (await this.sign("GET", key, expiresIn, query, {})).url;
  }

  /**
   * A PUT URL whose signature covers the content type and any extra headers (such as `x-amz-acl`): the
   * uploader must send `headers` exactly. Extra headers stay headers rather than query parameters,
   * because not every server reads them from the query (RGW ignores a query `x-amz-acl`).
   */
  async signPut(key: string, expiresIn: number, contentType: string, extraHeaders: Record<string, string> = {}): Promise<SignedRequest> {
    return this.sign("PUT", key, expiresIn, {}, { "content-type": contentType, ...extraHeaders });
  }

  /** A PUT URL for one part of a multipart upload (its upload id and number are signed); the part's ETag comes back in the response. */
  async signPart(key: string, expiresIn: number, uploadId: string, partNumber: number): Promise<SignedRequest> {
    return this.sign("PUT", key, expiresIn, { partNumber: String(partNumber), uploadId }, {});
  }

  private async sign(method: string, key: string, expiresIn: number, query: Record<string, string>, headers: Record<string, string>): Promise<SignedRequest> {
    const credentials: SigningCredentials = await this.client.config.credentials();
    const path = `${this.location.pathPrefix}/${encodeKey(key)}`;
    const signedQuery = this.signer.presign(credentials, {
      method,
      host: this.host,
      path,
      // The SDK's presigner sends the payload hash as a parameter too; some S3-compatible servers look for it.
      query: { ...query, "X-Amz-Content-Sha256": "UNSIGNED-PAYLOAD" },
      headers,
      expiresIn,
      date: new Date(this.now()),
    });
    return { url: `${this.origin}${path}?${signedQuery}`, headers };
  }
}
