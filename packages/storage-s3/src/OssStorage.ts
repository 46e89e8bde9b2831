import type { ConfigProblems, ElementContext, JsonSchema } from "@elemental/core";
import type { S3ClientFactory } from "./clientFactory";
import { serverFieldNames, serverFields, text, textField } from "./configFields";
import { ossAddress } from "./ossEndpoint";
import { type ProviderOverrides, checkPathStyleOverride, providerOverrideProperties } from "./providerFields";
import { type S3Settings, type S3TuningConfig, type TypeRules, resolveSettings, tuningSchemaProperties } from "./settings";
import { S3Storage } from "./S3Storage";

/** The config of a `storages.OssType` instance: JitAi's four fields (no region), then ours. */
export interface OssConfig extends S3TuningConfig, ProviderOverrides {
  accessKeyId: string;
  accessKeySecret: string;
  /** `oss-cn-hangzhou.aliyuncs.com` (OSS's form), `s3.oss-cn-hangzhou.aliyuncs.com`, or a custom domain bound to the bucket (then `region` too). */
  endPoint: string;
  bucketName: string;
  acl?: string;
}

export const ossConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: serverFieldNames,
  properties: { ...serverFields, ...providerOverrideProperties, acl: textField, ...tuningSchemaProperties },
};

/** OSS's S3 API: virtual-hosted style only; through it, objects are stored as Standard whatever class is asked. */
const OSS_RULES: TypeRules = { defaultScheme: "https", virtualHostOnly: true, objectAcls: false, storageClasses: ["STANDARD"] };

export function ossSettings(config: OssConfig, problems: ConfigProblems): S3Settings {
  checkPathStyleOverride(config, "OSS accepts only virtual-hosted-style requests", problems);
  const address = ossAddress(config.endPoint.trim(), config.bucketName.trim());
  const s3Endpoint = text(config.s3Endpoint);
  const derived = typeof address === "string" ? undefined : address.region;
  const region = text(config.region) ?? derived;
  if (s3Endpoint !== undefined) {
    if (region === undefined) problems.add("/region", "is required with s3Endpoint when endPoint names no OSS region");
    return resolveSettings({ ...config, endPoint: s3Endpoint, region }, { ...OSS_RULES, virtualHostOnly: false }, problems);
  }
  if (typeof address === "string") {
    problems.add("/endPoint", address);
    return resolveSettings({ ...config, endPoint: undefined }, OSS_RULES, problems);
  }
  if (region === undefined) problems.add("/region", "is required when endPoint is a custom domain: the bucket's OSS region id, e.g. cn-hangzhou");
  if (derived !== undefined && region !== derived) problems.add("/region", `contradicts endPoint, which is in ${derived}`);
  const settings = { ...config, endPoint: address.s3Endpoint, region, forcePathStyle: undefined };
  return resolveSettings(settings, { ...OSS_RULES, bucketDomain: address.bucketDomain }, problems);
}

/** `storages.OssType`: Alibaba Cloud OSS through its S3-compatible API. */
export class OssStorage extends S3Storage<OssConfig> {
  static configSchema = ossConfigSchema;

  constructor(context: ElementContext<OssConfig>, createClient?: S3ClientFactory) {
    super(context, ossSettings, createClient);
  }
}
