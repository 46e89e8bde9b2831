import { S3Client } from "@aws-sdk/client-s3";
import type { ElementContext } from "@elemental/core";
import { type AwsS3Config, AwsS3Storage, s3ClientConfig } from "@elemental/storage-s3";

/**
 * AwsS3Type with an idle-socket timeout on its client, through the Type's documented extension point (a
 * client factory). AwsS3Type's config has no request timeout (see the README's findings), and without one
 * a server that accepts a request and never answers holds the caller forever; the fault tests need the
 * stall to end, so they use this.
 */
export function awsS3WithTimeout(requestTimeoutMs: number): typeof AwsS3Storage {
  return class TimeoutAwsS3Storage extends AwsS3Storage {
    constructor(context: ElementContext<AwsS3Config>) {
      super(context, async (settings) => {
        const config = s3ClientConfig(settings);
        return new S3Client({ ...config, requestHandler: { connectionTimeout: 2_000, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true } });
      });
    }
  };
}
