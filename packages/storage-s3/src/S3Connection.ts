import type { S3Client } from "@aws-sdk/client-s3";
import { Lazy, StorageError } from "@elemental/storages";
import { type BucketAddress, missingBucket } from "./classifyError";
import type { S3ClientFactory } from "./clientFactory";
import { type ClientS3Module, loadClientS3 } from "./sdk";
import type { S3Settings } from "./settings";
import { UrlSigner } from "./UrlSigner";

/** The SDK module and the element's client, made together on first use. */
export interface Connection {
  client: S3Client;
  sdk: ClientS3Module;
}

/**
 * One storage element's link to its server: the client and the URL signer, built on first use (a failed
 * build is tried again on the next call), and whether the bucket was seen to exist.
 */
export class S3Connection {
  private readonly connection: Lazy<Connection>;
  private readonly signer: Lazy<UrlSigner>;
  private bucketChecked = false;

  constructor(
    private readonly settings: S3Settings,
    createClient: S3ClientFactory,
  ) {
    this.connection = new Lazy(async () => {
      const [sdk, client] = await Promise.all([loadClientS3(), createClient(settings)]);
      return { sdk, client };
    });
    this.signer = new Lazy(async () => UrlSigner.create((await this.connection.get()).client, settings.location));
  }

  get(): Promise<Connection> {
    return this.connection.get();
  }

  urlSigner(): Promise<UrlSigner> {
    return this.signer.get();
  }

  /** Where messages say the bucket is. */
  get address(): BucketAddress {
    return { endpoint: this.settings.endpoint.href.replace(/\/$/, ""), bucket: this.settings.bucket };
  }

  /** Closes the client's connections; the next call builds a new client. */
  async close(): Promise<void> {
    this.signer.clear();
    const pending = this.connection.clear();
    if (pending) (await pending.catch(() => undefined))?.client.destroy();
  }

  /** Throws E_INVALID_CONFIG when the bucket does not exist; asks the server once per element. */
  async checkBucketOnce(): Promise<void> {
    if (this.bucketChecked) return;
    const { client, sdk } = await this.get();
    try {
      await client.send(new sdk.HeadBucketCommand({ Bucket: this.settings.bucket }));
      this.bucketChecked = true;
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) {
        const { code, detail } = missingBucket(status, this.address);
        throw new StorageError(code, detail, { cause: error });
      }
    }
  }
}
