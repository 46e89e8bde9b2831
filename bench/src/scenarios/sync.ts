import { realpathSync } from "node:fs";
import path from "node:path";
import { LOADER, runNode } from "../harness/child";
import type { Context, Plan, Scenario, Side } from "../harness/types";
import { type AwsCli, awsCli } from "../support/awsCli";
import { BENCH_APP_ROOT, S3_ELEMENT } from "../support/benchApp";
import { freshPrefix } from "../support/keys";
import { type S3Env, collectS3Garbage, deleteKeys, ensureS3, newClient } from "../support/s3";

/**
 * A real tree nobody here wrote: @aws-sdk/client-s3 as pnpm installed it, with the packages beside it that
 * it depends on (`.pnpm/@aws-sdk+client-s3@<version>/node_modules`, about 2,700 files, many through links).
 */
function installedTree(): string {
  const manifest = require.resolve("@aws-sdk/client-s3/package.json", { paths: [path.join(__dirname, "..", "..")] });
  return path.dirname(path.dirname(path.dirname(realpathSync(manifest))));
}

interface Report {
  files: number;
  skipped: number;
  failed: number;
}

/** `elemental sync` as a user runs it: a new process (TypeScript compiled by the bench's cached loader). */
async function elementalSync(context: Context, tree: string, prefix: string): Promise<{ wallMs: number; report: Report }> {
  const main = path.join(context.repoRoot, "packages/cli/src/main.ts");
  const { stdout, wallMs } = await runNode(["-C", "source", "-r", LOADER, main, "--root", BENCH_APP_ROOT, "sync", tree, `${S3_ELEMENT}:${prefix}`, "--json"]);
  return { wallMs, report: JSON.parse(stdout) as Report };
}

/** How many objects are under a prefix, and deletes them when asked. */
async function objectsUnder(env: S3Env, prefix: string, remove: boolean): Promise<number> {
  const { ListObjectsV2Command } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const client = newClient(env);
  const keys: string[] = [];
  try {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: env.bucket, Prefix: `${prefix}/`, ContinuationToken }));
      keys.push(...(page.Contents ?? []).flatMap((entry) => (entry.Key === undefined ? [] : [entry.Key])));
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
    if (remove) await deleteKeys(client, env.bucket, keys);
  } finally {
    client.destroy();
  }
  return keys.length;
}

export const syncScenario: Scenario = {
  id: "sync/tree to S3",
  async prepare(context: Context): Promise<Plan> {
    const env = await ensureS3(context);
    const aws: AwsCli = await awsCli(context, env);
    const tree = installedTree();
    // Prefixes of the timed runs, deleted after each sample.
    const timedPrefixes: string[] = [];
    const fresh = (label: string): string => {
      const prefix = freshPrefix(label);
      timedPrefixes.push(prefix);
      return prefix;
    };
    // Each side checks its own work: every file of the tree is under its prefix, nothing failed.
    const expectAll = async (prefix: string, files: number): Promise<void> => {
      const count = await objectsUnder(env, prefix, false);
      if (count !== files) throw new Error(`${prefix}: ${count} objects where the tree has ${files} files`);
    };
    const ours = async (prefix: string, sends: boolean): Promise<number> => {
      const { wallMs, report } = await elementalSync(context, tree, prefix);
      if (report.failed > 0 || (sends ? report.skipped : report.files) !== 0) throw new Error(`elemental sync: ${JSON.stringify(report)}`);
      return wallMs;
    };
    // One prefix synced in advance by each tool, for the runs that find nothing to send.
    const oursDone = freshPrefix("ours-again");
    const awsDone = freshPrefix("aws-again");
    await ours(oursDone, true);
    await aws.run(["s3", "sync", tree, `s3://${env.bucket}/${awsDone}`, "--only-show-errors"]);
    const files = await objectsUnder(env, oursDone, false);
    await expectAll(awsDone, files);
    context.log(`sync/tree to S3: ${tree} (${files} files)`);
    const timed =
      (work: () => Promise<number>): Side =>
      async () => ({ value: await work(), detail: { files } });
    return {
      unit: "ms",
      sides: {
        ours: timed(async () => {
          const prefix = fresh("ours");
          const wallMs = await ours(prefix, true);
          await expectAll(prefix, files);
          return wallMs;
        }),
        "aws s3 sync": async () => {
          const prefix = fresh("aws");
          const wallMs = await aws.run(["s3", "sync", tree, `s3://${env.bucket}/${prefix}`, "--only-show-errors"]);
          await expectAll(prefix, files);
          return { value: wallMs, detail: { files, awsCli: aws.version } };
        },
        "ours, nothing to send": timed(() => ours(oursDone, false)),
        "aws s3 sync, nothing to send": async () => {
          const wallMs = await aws.run(["s3", "sync", tree, `s3://${env.bucket}/${awsDone}`, "--only-show-errors"]);
          return { value: wallMs, detail: { files, awsCli: aws.version } };
        },
      },
      rows: [
        { scenario: `sync ${files} files (an installed package tree) to S3`, baseline: ["aws s3 sync"], target: { op: "<=", ratio: 1 } },
        { scenario: "sync again, nothing to send", ours: "ours, nothing to send", baseline: ["aws s3 sync, nothing to send"], target: { op: "<=", ratio: 1 } },
      ],
      // Delete what the timed runs wrote (the prefixes synced in advance stay until dispose), then reclaim it.
      async afterSample() {
        for (const prefix of timedPrefixes.splice(0)) await objectsUnder(env, prefix, true);
        await collectS3Garbage(context, env);
      },
      async dispose() {
        for (const prefix of [oursDone, awsDone, ...timedPrefixes.splice(0)]) await objectsUnder(env, prefix, true);
        await collectS3Garbage(context, env);
      },
    };
  },
};
