import type { ConfigProblems, ElementContext, JsonSchema } from "@elemental/core";
import type { S3ClientFactory } from "./clientFactory";
import { serverFieldNames, serverFields, text, textField } from "./configFields";
import { type S3Settings, type S3TuningConfig, type TypeRules, resolveSettings, tuningSchemaProperties } from "./settings";
import { S3Storage } from "./S3Storage";

/** The config of a `storages.EosType` instance (China Mobile Cloud EOS): JitAi's fields, then ours. */
export interface EosConfig extends S3TuningConfig {
  accessKeyId: string;
  accessKeySecret: string;
  /** `eos-beijing-1.cmecloud.cn` (or `host:port`, or a URL whose scheme wins over `scheme`). */
  endPoint: string;
  bucketName: string;
  /** `https` (default) or `http`. */
  scheme?: "http" | "https" | "";
  /** The SigV4 region; default `us-east-1`, which EOS accepts (its pool is chosen by the endpoint). */
  region?: string;
  acl?: string;
}

export const eosConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: serverFieldNames,
  properties: { ...serverFields, scheme: { enum: ["http", "https", ""] }, region: textField, acl: textField, ...tuningSchemaProperties },
};

/** EOS is addressed path-style and lists with ListObjects (v1); its storage classes beyond Standard are not documented for S3. */
const EOS_RULES: Omit<TypeRules, "defaultScheme"> = { objectAcls: false, alwaysPathStyle: true, listVersion: 1, storageClasses: ["STANDARD"] };

export function eosSettings(config: EosConfig, problems: ConfigProblems): S3Settings {
  return resolveSettings(config, { ...EOS_RULES, defaultScheme: text(config.scheme) === "http" ? "http" : "https" }, problems);
}

/** `storages.EosType`: China Mobile Cloud EOS through its S3-compatible API. */
export class EosStorage extends S3Storage<EosConfig> {
  static configSchema = eosConfigSchema;

  constructor(context: ElementContext<EosConfig>, createClient?: S3ClientFactory) {
    super(context, eosSettings, createClient);
  }
}
