import { randomBytes } from "node:crypto";
import type { S3Storage } from "@elemental/storage-s3";
import type { Context, Plan, Scenario } from "../harness/types";
import { S3_ELEMENT, benchApp, storageOf } from "../support/benchApp";
import { collectGarbage } from "../support/gc";
import { freshPrefix } from "../support/keys";
import { checkSameClientConfig, deleteKeys, ensureS3, newClient } from "../support/s3";

const CONTENT_TYPE = "text/plain";
/** URLs checked against the server per side and run: they must fetch the object. */
const CHECKED = 3;

/**
 * Pre-signed GET URLs per second: our `getSignUrl` (a SigV4 signer per storage, signing key cached per day)
 * against the SDK's `getSignedUrl` for the same request (GetObject with ResponseContentType). A few URLs
 * of every run are fetched, so a fast but wrong signature fails the scenario.
 */
export const signUrlScenario: Scenario = {
  id: "s3/getSignUrl",
  async prepare(context: Context): Promise<Plan> {
    const env = await ensureS3(context);
    const storage = storageOf(await benchApp(), S3_ELEMENT) as S3Storage;
    checkSameClientConfig(storage.settings, env);
    const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const { getSignedUrl } = require("@aws-sdk/s3-request-presigner") as typeof import("@aws-sdk/s3-request-presigner");
    const client = newClient(env);
    const key = `${freshPrefix("signed")}/hello world ✓.txt`;
    const content = randomBytes(16).toString("hex");
    await client.send(new sdk.PutObjectCommand({ Bucket: env.bucket, Key: key, Body: content, ContentType: CONTENT_TYPE }));
    await storage.getSignUrl(key, CONTENT_TYPE); // builds the client and presigner outside the timing
    const count = context.quick ? 200 : 2000;
    const timed = async (sign: () => Promise<string>): Promise<{ value: number }> => {
      collectGarbage();
      const urls: string[] = [];
      const started = process.hrtime.bigint();
      for (let i = 0; i < count; i++) urls.push(await sign());
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      for (const url of urls.slice(0, CHECKED)) await expectFetches(url, content);
      return { value: count / seconds };
    };
    return {
      unit: "ops/s",
      sides: {
        ours: () => timed(() => storage.getSignUrl(key, CONTENT_TYPE, 300)),
        getSignedUrl: () =>
          timed(() => getSignedUrl(client, new sdk.GetObjectCommand({ Bucket: env.bucket, Key: key, ResponseContentType: CONTENT_TYPE }), { expiresIn: 300 })),
      },
      rows: [{ scenario: "getSignUrl", baseline: ["getSignedUrl"], target: { op: ">=", ratio: 10 } }],
      async dispose() {
        await deleteKeys(client, env.bucket, [key]);
        client.destroy();
      },
    };
  },
};

async function expectFetches(url: string, content: string): Promise<void> {
  const response = await fetch(url);
  const body = await response.text();
  if (response.status !== 200 || body !== content || response.headers.get("content-type") !== CONTENT_TYPE) {
    throw new Error(`signed URL answered ${response.status} ${response.headers.get("content-type")}: ${body.slice(0, 200)}`);
  }
}
