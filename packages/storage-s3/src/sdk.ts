import { Lazy } from "@elemental/storages";

/**
 * The AWS SDK modules, imported on first use only: importing `@aws-sdk/client-s3` alone costs about 75 ms,
 * so an application that declares S3 storages but does not touch them never pays for it. Every other
 * file of this package imports the SDK with `import type` only.
 */
export type ClientS3Module = typeof import("@aws-sdk/client-s3");

const clientS3 = new Lazy<ClientS3Module>(() => {
  quietNodeVersionWarning();
  return import("@aws-sdk/client-s3");
});

export function loadClientS3(): Promise<ClientS3Module> {
  return clientS3.get();
}

/**
 * On Node 20 every S3 client prints the SDK's nine-line NodeVersionSupportWarning. Say it once, in one line,
 * unless the application chose for itself (by setting the SDK's variable).
 */
function quietNodeVersionWarning(): void {
  const variable = "AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED";
  if (process.env[variable] !== undefined || Number(process.versions.node.split(".")[0]) >= 22) return;
  process.env[variable] = "true";
  process.emitWarning(`AWS SDK releases after January 2027 need Node.js >= 22 (this is ${process.version})`, "NodeVersionSupportWarning");
}
