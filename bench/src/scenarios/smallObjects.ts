import { randomBytes } from "node:crypto";
import type { S3Storage } from "@elemental/storage-s3";
import type { Context, Plan, RowSpec, Scenario, Side } from "../harness/types";
import { S3_ELEMENT, benchApp, storageOf } from "../support/benchApp";
import { collectGarbage } from "../support/gc";
import { freshPrefix } from "../support/keys";
import { runPool } from "../support/pool";
import { checkSameClientConfig, collectS3Garbage, deleteKeys, ensureS3, newClient } from "../support/s3";
import { type ObjectClient, flydriveClient, flystorageClient, oursClient, rawClient } from "../support/s3Clients";

const MiB = 1024 * 1024;
type Operation = "upload" | "download";

/** How many 1 MiB objects one run moves. */
function objectCount(context: Context, concurrency: number): number {
  if (context.quick) return concurrency === 1 ? 8 : 32;
  return concurrency === 1 ? 32 : 128;
}

/**
 * 1 MiB objects through `uploadByFile` / `download`, against the raw SDK and the peers' S3 drivers, all
 * with the same client settings. Uploads go to fresh keys that are deleted (and garbage-collected) after
 * each run; downloads read a set of objects uploaded once.
 */
export function smallObjectScenario(operation: Operation, concurrency: number): Scenario {
  const label = `${operation === "upload" ? "uploadByFile" : "download"} 1 MiB c${concurrency}`;
  return {
    id: `s3/${label}`,
    async prepare(context: Context): Promise<Plan> {
      const env = await ensureS3(context);
      const count = objectCount(context, concurrency);
      const body = randomBytes(MiB);
      const admin = newClient(env);
      const storage = storageOf(await benchApp(), S3_ELEMENT) as S3Storage;
      checkSameClientConfig(storage.settings, env);
      const clients: Record<string, ObjectClient> = {
        ours: oursClient(storage),
        "raw SDK": rawClient(env),
        Flydrive: await flydriveClient(env),
        Flystorage: await flystorageClient(env),
      };
      const sourceKeys = Array.from({ length: count }, (_, i) => `${freshPrefix("source")}/${i}`);
      if (operation === "download") await runPool(count, 16, async (i) => clients["raw SDK"]?.upload(sourceKeys[i] as string, body));
      let written: string[] = [];
      const side =
        (client: ObjectClient, name: string): Side =>
        async () => {
          collectGarbage(); // the previous side's garbage is not this side's pause
          const prefix = freshPrefix(name.replace(/\W/g, ""));
          const started = process.hrtime.bigint();
          if (operation === "upload") {
            const keys = Array.from({ length: count }, (_, i) => `${prefix}/${i}`);
            written = keys;
            await runPool(count, concurrency, (i) => client.upload(keys[i] as string, body));
          } else {
            await runPool(count, concurrency, async (i) => {
              const bytes = await client.download(sourceKeys[i] as string);
              if (bytes.length !== MiB) throw new Error(`${name} downloaded ${bytes.length} bytes, expected ${MiB}`);
            });
          }
          const seconds = Number(process.hrtime.bigint() - started) / 1e9;
          return { value: (count * body.length) / MiB / seconds };
        };
      const baselines = ["raw SDK", "Flydrive", "Flystorage"];
      const rows: RowSpec[] = baselines.map((baseline) => ({
        scenario: `${label} vs ${baseline}`,
        baseline: [baseline],
        target: { op: ">=", ratio: baseline === "raw SDK" ? 0.95 : 1 },
      }));
      return {
        unit: "MiB/s",
        sides: Object.fromEntries(Object.entries(clients).map(([name, client]) => [name, side(client, name)])),
        rows,
        // All four sides end in the same SDK call: their differences are a few per cent, near the noise.
        minRuns: 9,
        async afterSample() {
          if (written.length === 0) return;
          await deleteKeys(admin, env.bucket, written);
          written = [];
          await collectS3Garbage(context, env);
        },
        async dispose() {
          if (operation === "download") await deleteKeys(admin, env.bucket, sourceKeys);
          for (const client of Object.values(clients)) client.close();
          admin.destroy();
          await collectS3Garbage(context, env);
        },
      };
    },
  };
}
