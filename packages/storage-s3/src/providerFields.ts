import type { ConfigProblems, JsonSchema } from "@elemental/core";
import { flag, flagField, text, textField } from "./configFields";

/**
 * What the provider Types (OSS, EOS, Qiniu) add to JitAi's fields: `region` when it cannot be derived, and
 * `s3Endpoint` to send the S3 requests elsewhere (a gateway, another region's endpoint, a test server),
 * with which alone `forcePathStyle` may be set: on the provider's own endpoint its addressing is a rule.
 */
export interface ProviderOverrides {
  region?: string;
  s3Endpoint?: string;
  forcePathStyle?: boolean | string;
}

export const providerOverrideProperties: Record<string, JsonSchema> = {
  region: textField,
  s3Endpoint: textField,
  forcePathStyle: flagField,
};

/** forcePathStyle set without s3Endpoint is a config problem: `addressing` says what the provider's endpoint takes. */
export function checkPathStyleOverride(config: ProviderOverrides, addressing: string, problems: ConfigProblems): void {
  if (flag(config.forcePathStyle) === true && text(config.s3Endpoint) === undefined) {
    problems.add("/forcePathStyle", `applies only with s3Endpoint: ${addressing}`);
  }
}
