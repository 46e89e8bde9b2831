// Child task: a fresh process that builds the bench application and gets its S3 storage element without
// using it. Reports which modules that loaded: no AWS SDK module may be among them.
import type { Sample } from "../harness/types";

export const AWS_MODULE = /[\\/]node_modules[\\/](@aws-sdk|@smithy|@aws-crypto)[\\/]/;

export async function firstGetElement(): Promise<Sample> {
  const { benchApp, S3_ELEMENT } = require("../support/benchApp") as typeof import("../support/benchApp");
  const app = await benchApp();
  const element = app.getElement(S3_ELEMENT);
  const readyMs = process.uptime() * 1000;
  if (!element) throw new Error(`${S3_ELEMENT} did not load`);
  const loaded = Object.keys(require.cache);
  const aws = loaded.filter((file) => AWS_MODULE.test(file));
  return { value: readyMs, detail: { awsModules: aws.length, modulesLoaded: loaded.length, firstAwsModules: aws.slice(0, 3), readyMs: Math.round(readyMs) } };
}
