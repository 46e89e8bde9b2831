import { removeTempApps, s3App } from "./apps";
import { makeBucket, rawClient, randomBucketName, server } from "./server";

/** What the tests open and must close: an S3 storage element. */
interface Closable {
  close(): Promise<void>;
}

/**
 * A test file's own bucket on the test server, and `storages.Store` elements on it: the bucket is made
 * before the file's tests; after them the elements are closed and the bucket emptied and removed.
 */
export function testBucket(label: string) {
  const client = rawClient();
  const opened: Closable[] = [];
  let name = "";
  let remove: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    name = randomBucketName(label);
    remove = await makeBucket(client, name);
  });

  afterAll(async () => {
    for (const element of opened) await element.close();
    await remove?.();
    client.destroy();
    removeTempApps();
  });

  return {
    /** A raw SDK client, to set up and check what the storages did. */
    client,
    get name(): string {
      return name;
    },
    /** The bucket as a plain AwsS3Type config (keys, endpoint, bucketName: no path style, region or ACL settings) with `change`. */
    awsS3Config(change: Record<string, unknown> = {}): Record<string, unknown> {
      return { accessKeyId: server.accessKey, accessKeySecret: server.secretKey, endPoint: server.endpoint, bucketName: name, ...change };
    },
    /** A `storages.Store` of the Type, closed after the file's tests. */
    async store<T extends Closable>(type: string, config: Record<string, unknown>): Promise<T> {
      return this.track((await s3App({ Store: { type, config } })).getElement<T>("storages.Store"));
    },
    /** An element built by the test itself, closed after the file's tests. */
    track<T extends Closable>(element: T): T {
      opened.push(element);
      return element;
    },
  };
}
