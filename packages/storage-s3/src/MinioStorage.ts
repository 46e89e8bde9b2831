import type { ConfigProblems, ElementContext, JsonSchema } from "@elemental/core";
import type { S3ClientFactory } from "./clientFactory";
import { flagField, serverFieldNames, serverFields, text, textField } from "./configFields";
import { type S3Settings, type S3TuningConfig, resolveSettings, tuningSchemaProperties } from "./settings";
import { S3Storage } from "./S3Storage";

/** The config of a `storages.MinioType` instance. MinIO is always addressed path-style. */
export interface MinioConfig extends S3TuningConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** `host:port` (a URL with a scheme is accepted too, and its scheme wins). */
  endPoint: string;
  bucketName: string;
  /** `http` (default) or `https`. */
  scheme?: "http" | "https" | "";
  /** Default `us-east-1` (MinIO's default). */
  region?: string;
  acl?: string;
  /** The server accepts canned ACLs (RGW does; MinIO itself does not). Default false, true when `acl` is set. */
  acls?: boolean | string;
}

export const minioConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: serverFieldNames,
  properties: {
    ...serverFields,
    scheme: { enum: ["http", "https", ""] },
    region: textField,
    acl: textField,
    acls: flagField,
    ...tuningSchemaProperties,
  },
};

export function minioSettings(config: MinioConfig, problems: ConfigProblems): S3Settings {
  return resolveSettings(config, { defaultScheme: text(config.scheme) === "https" ? "https" : "http", alwaysPathStyle: true }, problems);
}

/** `storages.MinioType`: a MinIO server (or any S3-compatible server addressed as `host:port`). */
export class MinioStorage extends S3Storage<MinioConfig> {
  static configSchema = minioConfigSchema;

  constructor(context: ElementContext<MinioConfig>, createClient?: S3ClientFactory) {
    super(context, minioSettings, createClient);
  }
}
