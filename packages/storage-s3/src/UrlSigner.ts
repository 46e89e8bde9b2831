import type { S3Client } from "@aws-sdk/client-s3";
import type { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { type BucketLocation, encodeKey, encodeSegment } from "./endpoint";
import { loadPresigner } from "./sdk";

export interface SignedRequest {
  url: string;
  /** Headers the caller must send as they are (they are part of the signature). */
  headers: Record<string, string>;
}

/**
 * Pre-signs S3 requests for one bucket. `getSignedUrl` from `@aws-sdk/s3-request-presigner` resolves the
 * endpoint and builds a presigner on every call; this builds one presigner per storage, from the client's
 * resolved credentials and region, and signs requests it addresses itself. Requests carry no body and no
 * checksum, so a signed upload URL never pins a checksum (the SDK's default signs the CRC32 of an empty body).
 */
export class UrlSigner {
  private constructor(
    private readonly presigner: S3RequestPresigner,
    private readonly location: BucketLocation,
  ) {}

  static async create(client: S3Client, location: BucketLocation): Promise<UrlSigner> {
    const { S3RequestPresigner } = await loadPresigner();
    return new UrlSigner(new S3RequestPresigner({ ...client.config }), location);
  }

  /** A GET URL; `responseContentType` makes S3 answer with that Content-Type. */
  async signGet(key: string, expiresIn: number, responseContentType?: string): Promise<string> {
    const query: Record<string, string> = responseContentType ? { "response-content-type": responseContentType } : {};
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

  private async sign(method: string, key: string, expiresIn: number, query: Record<string, string>, headers: Record<string, string>): Promise<SignedRequest> {
    const { protocol, hostname, port, pathPrefix } = this.location;
    const signed = await this.presigner.presign(
      { method, protocol, hostname, port, path: `${pathPrefix}/${encodeKey(key)}`, query, headers: { ...headers } },
      { expiresIn, signableHeaders: new Set(Object.keys(headers)), unhoistableHeaders: new Set(Object.keys(headers)) },
    );
    const search = Object.entries(signed.query ?? {})
      .flatMap(([name, value]) => (Array.isArray(value) ? value.map((v) => [name, v] as const) : value == null ? [] : [[name, value] as const]))
      .map(([name, value]) => `${encodeSegment(name)}=${encodeSegment(value)}`)
      .join("&");
    const portText = port === undefined ? "" : `:${port}`;
    return { url: `${protocol}//${hostname}${portText}${signed.path}?${search}`, headers };
  }
}
