import type { S3Storage } from "@elemental/storage-s3";
import type { Context, Plan, Scenario } from "../harness/types";
import { S3_ELEMENT, benchApp, storageOf } from "../support/benchApp";
import { collectGarbage } from "../support/gc";
import { freshPrefix } from "../support/keys";
import { runPool } from "../support/pool";
import { checkSameClientConfig, collectS3Garbage, ensureS3, newClient } from "../support/s3";

const FILES = 90;
const FOLDERS = 10;

/**
 * One folder view: a folder of 100 entries (90 files, 10 sub-folders) whose prefix holds 20,000 keys, the
 * rest of them in the sub-folders. `listFolder` against one raw ListObjectsV2 with `Delimiter: "/"` (what
 * it costs on top of the SDK) and against walking `list()` and folding the keys into one level (what a
 * folder view cost before it: every key under the prefix).
 */
export const folderListingScenario: Scenario = {
  id: "s3/listFolder",
  async prepare(context: Context): Promise<Plan> {
    const env = await ensureS3(context);
    const storage = storageOf(await benchApp(), S3_ELEMENT) as S3Storage;
    checkSameClientConfig(storage.settings, env);
    const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
    const client = newClient(env);
    const total = context.quick ? 2000 : 20_000;
    const prefix = `${freshPrefix("folder")}/`;
    const perFolder = (total - FILES) / FOLDERS;
    const keys = [
      ...Array.from({ length: FILES }, (_, i) => `${prefix}file-${String(i).padStart(3, "0")}.txt`),
      ...Array.from({ length: FOLDERS * perFolder }, (_, i) => `${prefix}dir-${i % FOLDERS}/${String(i).padStart(6, "0")}.txt`),
    ];
    context.log(`listFolder: writing ${keys.length.toLocaleString("en-US")} keys under one prefix`);
    await runPool(keys.length, 32, async (i) => void (await storage.uploadByFile(keys[i] as string, "")));
    const expectHundred = (files: number, folders: number, who: string): void => {
      if (files !== FILES || folders !== FOLDERS) throw new Error(`${who} saw ${files} files and ${folders} folders, expected ${FILES} and ${FOLDERS}`);
    };
    const timed = (listings: number, list: () => Promise<void>) => async (): Promise<{ value: number }> => {
      collectGarbage();
      const started = process.hrtime.bigint();
      for (let i = 0; i < listings; i++) await list();
      return { value: listings / (Number(process.hrtime.bigint() - started) / 1e9) };
    };
    const fast = context.quick ? 20 : 100;
    return {
      unit: "ops/s",
      sides: {
        ours: timed(fast, async () => {
          const page = await storage.listFolder(prefix);
          expectHundred(page.files.length, page.folders.length, "listFolder");
        }),
        "ListObjectsV2 delimiter": timed(fast, async () => {
          const page = await client.send(new sdk.ListObjectsV2Command({ Bucket: env.bucket, Prefix: prefix, Delimiter: "/", MaxKeys: 1000 }));
          expectHundred(page.Contents?.length ?? 0, page.CommonPrefixes?.length ?? 0, "ListObjectsV2");
        }),
        "walking list()": timed(1, async () => {
          const level = new Set<string>();
          for await (const entry of storage.list(prefix)) {
            const slash = entry.name.indexOf("/", prefix.length);
            level.add(slash < 0 ? entry.name : entry.name.slice(0, slash + 1));
          }
          expectHundred([...level].filter((name) => !name.endsWith("/")).length, [...level].filter((name) => name.endsWith("/")).length, "list()");
        }),
      },
      rows: [
        {
          scenario: `listFolder, 100 entries under ${total.toLocaleString("en-US")} keys vs raw SDK`,
          baseline: ["ListObjectsV2 delimiter"],
          target: { op: ">=", ratio: 0.9 },
        },
        {
          scenario: `listFolder, 100 entries under ${total.toLocaleString("en-US")} keys vs walking list()`,
          baseline: ["walking list()"],
          target: { op: ">=", ratio: 10 },
        },
      ],
      async dispose() {
        const result = await storage.deleteMany(keys);
        client.destroy();
        await collectS3Garbage(context, env);
        if (result.errors.length > 0) throw new Error(`${result.errors.length} bench keys could not be deleted`);
      },
    };
  },
};
