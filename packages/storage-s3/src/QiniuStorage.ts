import type { ConfigProblems, ElementContext, JsonSchema } from "@elemental/core";
import type { S3ClientFactory } from "./clientFactory";
import { requiredTextField, text, textField } from "./configFields";
import { type ProviderOverrides, checkPathStyleOverride, providerOverrideProperties } from "./providerFields";
import { QINIU_DEFAULT_ENDPOINT, qiniuAddress } from "./qiniuEndpoint";
import { type S3Settings, type S3TuningConfig, type TypeRules, resolveSettings, tuningSchemaProperties } from "./settings";
import { S3Storage } from "./S3Storage";

/** The config of a `storages.QiniuType` instance (Qiniu Kodo): JitAi's fields, then ours. */
export interface QiniuConfig extends S3TuningConfig, ProviderOverrides {
  accessKeyId: string;
  accessKeySecret: string;
  bucketName: string;
  /** A zone's upload domain (default `upload-z2.qiniup.com`, JitAi's) or the S3 endpoint `s3.<region>.qiniucs.com`. */
  endPoint?: string;
  /** `http` (default, as JitAi documents) or `https`. */
  scheme?: "http" | "https" | "";
  acl?: string;
}

export const qiniuConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["accessKeyId", "accessKeySecret", "bucketName"],
  properties: {
    accessKeyId: requiredTextField,
    accessKeySecret: requiredTextField,
    bucketName: requiredTextField,
    endPoint: textField,
    scheme: { enum: ["http", "https", ""] },
    ...providerOverrideProperties,
    acl: textField,
    ...tuningSchemaProperties,
  },
};

/** Kodo's S3 API takes its own five storage classes (LINE is its infrequent-access class). */
const QINIU_RULES: Omit<TypeRules, "defaultScheme"> = { objectAcls: false, storageClasses: ["STANDARD", "LINE", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] };

export function qiniuSettings(config: QiniuConfig, problems: ConfigProblems): S3Settings {
  const scheme = text(config.scheme) === "https" ? "https" : "http";
  const rules: TypeRules = { ...QINIU_RULES, defaultScheme: scheme };
  checkPathStyleOverride(config, "Kodo's S3 endpoint is addressed virtual-hosted style", problems);
  const address = qiniuAddress(text(config.endPoint) ?? QINIU_DEFAULT_ENDPOINT, scheme);
  const s3Endpoint = text(config.s3Endpoint);
  const derived = typeof address === "string" ? undefined : address.region;
  const region = text(config.region) ?? derived;
  if (s3Endpoint !== undefined) {
    if (region === undefined) problems.add("/region", "is required with s3Endpoint when endPoint names no Kodo region");
    return resolveSettings({ ...config, endPoint: s3Endpoint, region }, rules, problems);
  }
  if (typeof address === "string") problems.add("/endPoint", address);
  else if (region !== derived) problems.add("/region", `contradicts endPoint, which is in ${derived}`);
  const endPoint = typeof address === "string" ? undefined : address.s3Endpoint;
  return resolveSettings({ ...config, endPoint, region, forcePathStyle: undefined }, rules, problems);
}

/** `storages.QiniuType`: Qiniu Kodo through its S3-compatible API. */
export class QiniuStorage extends S3Storage<QiniuConfig> {
  static configSchema = qiniuConfigSchema;

  constructor(context: ElementContext<QiniuConfig>, createClient?: S3ClientFactory) {
    super(context, qiniuSettings, createClient);
  }
}
