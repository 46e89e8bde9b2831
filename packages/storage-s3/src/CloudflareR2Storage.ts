import type { ConfigProblems, ElementContext, JsonSchema } from "@elemental/core";
import type { S3ClientFactory } from "./clientFactory";
import { flagField, serverFieldNames, serverFields, textField } from "./configFields";
import { type S3Settings, type S3TuningConfig, resolveSettings, tuningSchemaProperties } from "./settings";
import { S3Storage } from "./S3Storage";

/** The config of a `storages.CloudflareR2Type` instance. R2 has no ACLs, so there is no `acl`. */
export interface CloudflareR2Config extends S3TuningConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** `https://<account id>.r2.cloudflarestorage.com` (or a jurisdiction's endpoint). No scheme = https. */
  endPoint: string;
  bucketName: string;
  /** Default `auto`, as R2 expects. */
  region?: string;
  forcePathStyle?: boolean | string;
}

export const cloudflareR2ConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: serverFieldNames,
  properties: {
    ...serverFields,
    region: textField,
    forcePathStyle: flagField,
    ...tuningSchemaProperties,
  },
};

export function cloudflareR2Settings(config: CloudflareR2Config, problems: ConfigProblems): S3Settings {
  return resolveSettings(config, { defaultScheme: "https", defaultRegion: "auto" }, problems);
}

/** `storages.CloudflareR2Type`: Cloudflare R2 through its S3 API. */
export class CloudflareR2Storage extends S3Storage<CloudflareR2Config> {
  static configSchema = cloudflareR2ConfigSchema;

  constructor(context: ElementContext<CloudflareR2Config>, createClient?: S3ClientFactory) {
    super(context, cloudflareR2Settings, createClient);
  }
}
