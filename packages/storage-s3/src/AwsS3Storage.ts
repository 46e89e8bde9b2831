import type { ConfigProblems, ElementContext, JsonSchema } from "@elemental/core";
import type { S3ClientFactory } from "./clientFactory";
import { flagField, requiredTextField, textField } from "./configFields";
import { type S3Settings, type S3TuningConfig, resolveSettings, tuningSchemaProperties } from "./settings";
import { S3Storage } from "./S3Storage";

/** The config of a `storages.AwsS3Type` instance (JitAi's fields, then ours). */
export interface AwsS3Config extends S3TuningConfig {
  /** With accessKeySecret; both omitted (or empty) = the AWS default credential chain. */
  accessKeyId?: string;
  accessKeySecret?: string;
  /** `s3.amazonaws.com`, `host:port` or a URL; omitted = AWS's endpoint for the region. No scheme = https. */
  endPoint?: string;
  bucketName: string;
  /** Default `us-east-1`. */
  region?: string;
  /** Address the bucket in the path rather than the host name. Default false (automatic for IP hosts). */
  forcePathStyle?: boolean | string;
  /** A canned ACL (e.g. `public-read`) sent with every write. Default: none. */
  acl?: string;
  /** The bucket accepts ACLs: objects get a visibility (public-read or private). Default false, true when `acl` is set. */
  acls?: boolean | string;
}

export const awsS3ConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["bucketName"],
  properties: {
    accessKeyId: textField,
    accessKeySecret: textField,
    endPoint: textField,
    bucketName: requiredTextField,
    region: textField,
    forcePathStyle: flagField,
    acl: textField,
    acls: flagField,
    ...tuningSchemaProperties,
  },
};

export function awsS3Settings(config: AwsS3Config, problems: ConfigProblems): S3Settings {
  return resolveSettings(config, { defaultScheme: "https" }, problems);
}

/** `storages.AwsS3Type`: Amazon S3, or any S3-compatible server. */
export class AwsS3Storage extends S3Storage<AwsS3Config> {
  static configSchema = awsS3ConfigSchema;

  constructor(context: ElementContext<AwsS3Config>, createClient?: S3ClientFactory) {
    super(context, awsS3Settings, createClient);
  }
}
