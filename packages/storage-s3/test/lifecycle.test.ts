import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { S3Storage } from "../src/S3Storage";
import { configFor } from "./support/conformance";
import { removeTempApps, s3App } from "./support/apps";
import { makeBucket, rawClient, randomBucketName } from "./support/server";

const REPO = path.resolve(__dirname, "../../..");
const client = rawClient();
let bucket = "";
let removeBucket: () => Promise<void>;

beforeAll(async () => {
  bucket = randomBucketName("close");
  removeBucket = await makeBucket(client, bucket);
});

afterAll(async () => {
  await removeBucket();
  client.destroy();
  removeTempApps();
});

const TYPES = ["storages.AwsS3Type", "storages.MinioType", "storages.OssType", "storages.EosType", "storages.QiniuType"];

/** Runs closeProbe.ts on a fresh application holding one element of each S3 Type; returns its report. */
async function probe(skipClose: boolean): Promise<{ closed: string[]; sockets: number }> {
  const instances = Object.fromEntries(TYPES.map((type) => [type.replace(/^storages\.|Type$/g, ""), { type, config: configFor(type, bucket) }]));
  const app = await s3App(instances);
  // execFile's timeout fails the test when the child does not exit by itself.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      "-C",
      "source",
      "-r",
      "ts-node/register",
      path.join(__dirname, "support/closeProbe.ts"),
      app.root,
      ...Object.keys(instances).map((name) => `storages.${name}`),
    ],
    { cwd: REPO, env: { ...process.env, TS_NODE_PROJECT: "tsconfig.node.json", NODE_OPTIONS: "", PROBE_SKIP_CLOSE: skipClose ? "1" : "0" }, timeout: 60_000 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

it("after app.close() no connection of the S3 elements is left open, and the process exits by itself", async () => {
  const report = await probe(false);
  expect(report).toEqual({ closed: TYPES.map((type) => `storages.${type.replace(/^storages\.|Type$/g, "")}`), sockets: 0 });
  // The measure sees what close() closes: without it, the clients' kept-alive connections are still open.
  expect((await probe(true)).sockets).toBeGreaterThan(0);
}, 120_000);

it("app.close() closes an S3 element's client; the element stays usable and builds a new one", async () => {
  const app = await s3App({ Store: { type: "storages.MinioType", config: configFor("storages.MinioType", bucket) } });
  const storage = app.getElement<S3Storage>("storages.Store");
  await storage.uploadByFile("reuse.txt", "one");
  const first = await storage.s3Client();
  await app.close();
  expect(await storage.s3Client()).not.toBe(first);
  expect((await storage.download("reuse.txt")).toString()).toBe("one");
  expect(app.getElement("storages.Store")).not.toBe(storage);
  await app.close();
  await storage.close();
});
