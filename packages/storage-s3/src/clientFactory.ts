import type { S3Client, S3ClientConfig } from "@aws-sdk/client-s3";
import { useBucketDomain } from "./bucketDomain";
import { loadClientS3 } from "./sdk";
import type { S3Settings } from "./settings";

/**
 * Builds the S3 client of one storage element. A storage is given a factory rather than a client so that
 * nothing is built (or imported) until its first operation; pass your own to tune the client (an HTTP
 * agent, a proxy, a logger), starting from `s3ClientConfig(settings)`.
 */
export type S3ClientFactory = (settings: S3Settings) => Promise<S3Client>;

/**
 * Connecting must not hang on an unreachable host. Once connected, a request may take as long as it needs
 * while bytes move; one that stalls for `socketTimeout` fails with a TimeoutError (and is retried).
 */
const CONNECTION_TIMEOUT_MS = 10_000;

/**
 * The SDK writes to the console where it has no logger of its own: with its default (a NoOpLogger) a
 * failed streamed PutObject prints "An error was encountered in a non-retryable streaming request."
 * (@smithy/core's retry middleware). A storage reports failures as StorageErrors and prints nothing.
 */
const silent = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

/**
 * The SDK marks every body of 2 MiB or more `Expect: 100-continue`, and its NodeHttpHandler sends such a
 * request through a throwaway `keepAlive: false` agent (smithy-typescript#1754): each part and each large
 * PutObject then opens its own connection, closed after it, and waits a round trip for `100 Continue`
 * before its body. Without the header they reuse the pool's keep-alive sockets; a request the server
 * rejects has sent its body (a part, or a PutObject under the threshold) for nothing.
 */
const EXPECT_CONTINUE = false;

/**
 * No cap on the pool's sockets (Node's own default; the SDK's is 50): the callers bound their requests
 * (`queueSize` parts, the read-ahead window, the CLI's `--concurrency`), and a cap shared by every
 * transfer could leave an upload fed by a download stream waiting for a socket that download holds.
 * Requests with `Expect: 100-continue` had no cap before (a throwaway agent each).
 */
const AGENT = { maxSockets: Number.POSITIVE_INFINITY };

/** The S3Client configuration the settings call for. */
export function s3ClientConfig(settings: S3Settings): S3ClientConfig {
  return {
    region: settings.region,
    endpoint: settings.sdkEndpoint,
    forcePathStyle: settings.pathStyle,
    credentials: settings.credentials,
    requestChecksumCalculation: settings.requestChecksumCalculation,
    responseChecksumValidation: settings.responseChecksumValidation,
    maxAttempts: settings.maxAttempts,
    expectContinueHeader: EXPECT_CONTINUE,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, socketTimeout: settings.socketTimeout, httpAgent: AGENT, httpsAgent: AGENT },
    logger: silent,
  };
}

/** The default factory: an S3Client with `s3ClientConfig(settings)`. */
export const createS3Client: S3ClientFactory = async (settings) => {
  const { S3Client } = await loadClientS3();
  const client = new S3Client(s3ClientConfig(settings));
  if (settings.bucketDomain) useBucketDomain(client, settings.bucket);
  return client;
};
