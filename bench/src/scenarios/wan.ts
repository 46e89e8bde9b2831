import { createReadStream } from "node:fs";
import { stat, unlink } from "node:fs/promises";
import path from "node:path";
import { runChild } from "../harness/child";
import type { Context, Plan, RowSpec, Scenario, Side } from "../harness/types";
import type { LargeSide, LargeTransferArgs } from "../tasks/largeTransfer";
import { type AwsCli, awsCli } from "../support/awsCli";
import { freshPrefix } from "../support/keys";
import { largeFile, sizeLabel } from "../support/largeFile";
import { collectS3Garbage, deleteKeys, ensureS3, newClient } from "../support/s3";
import { type WanLink, startWanLink } from "../support/wanLink";
import { wanResume } from "./wanResume";

const MiB = 1024 * 1024;
/** The WAN targets of issue #14: at least the AWS CLI, at least 0.9x the best raw-SDK side, at most 200 MiB. */
const RSS_LIMIT_MiB = 200;

/**
 * The AWS CLI's `aws s3 cp` with its defaults (8 MiB parts, 10 requests at once), timed as a process
 * minus the time of an `aws s3api head-bucket` through the same link: our sides start their clock after
 * modules, client and first connection are ready, so the CLI's Python start-up is taken out the same way.
 */
function cliSide(aws: AwsCli, bucket: string, size: number, cpArgs: () => string[], check: () => Promise<void>, stdinFile?: string): Side {
  return async () => {
    const startupMs = await aws.run(["s3api", "head-bucket", "--bucket", bucket]);
    const wallMs = await aws.run(["s3", "cp", ...cpArgs(), "--only-show-errors"], stdinFile);
    await check();
    const value = size / MiB / ((wallMs - startupMs) / 1000);
    return { value, detail: { wallMs: Math.round(wallMs), startupMs: Math.round(startupMs), version: aws.version } };
  };
}

function childSide(link: WanLink, side: LargeSide, args: () => Omit<LargeTransferArgs, "side">): Side {
  return async () => (await runChild("largeTransfer", { ...args(), side }, { env: link.childEnv })).sample;
}

/** Rows of one of our sides against the AWS CLI and against the best raw-SDK side. */
function rowsFor(label: string, ours: string, raw: string[], cli = ["aws s3 cp"]): RowSpec[] {
  return [
    ...cli.map((side): RowSpec => ({ scenario: `${label} vs ${side}`, ours, baseline: [side], target: { op: ">=", ratio: 1 }, rssLimitMiB: RSS_LIMIT_MiB })),
    { scenario: `${label} vs raw SDK`, ours, baseline: raw, target: { op: ">=", ratio: 0.9 }, rssLimitMiB: RSS_LIMIT_MiB },
    { scenario: `${label} vs Flydrive`, ours, baseline: ["Flydrive"], target: { op: ">=", ratio: 1 }, rssLimitMiB: RSS_LIMIT_MiB },
  ];
}

function wanUpload(size: number): Scenario {
  return {
    id: `wan/upload ${sizeLabel(size)}`,
    async prepare(context: Context): Promise<Plan> {
      const env = await ensureS3(context);
      const link = await startWanLink(context, env);
      const aws = await awsCli(context, link.env);
      const file = largeFile(context.tmpDir, size);
      const client = newClient(env);
      let cliKey = "";
      const args = () => ({ file, key: `${freshPrefix("wan-up")}.bin`, size });
      const stored = async (): Promise<void> => {
        const { HeadObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
        const head = await client.send(new HeadObjectCommand({ Bucket: env.bucket, Key: cliKey }));
        await deleteKeys(client, env.bucket, [cliKey]);
        if (head.ContentLength !== size) throw new Error(`aws s3 cp stored ${head.ContentLength} bytes, expected ${size}`);
      };
      const cliTarget = (): string => {
        cliKey = `${freshPrefix("wan-up-cli")}.bin`;
        return `s3://${env.bucket}/${cliKey}`;
      };
      const cliUpload = cliSide(aws, env.bucket, size, () => [file, cliTarget()], stored);
      // The CLI's own way with a stream of unknown length: `aws s3 cp - s3://...` reading standard input.
      const cliStdin = cliSide(aws, env.bucket, size, () => ["-", cliTarget()], stored, file);
      const label = sizeLabel(size);
      const raw = ["lib-storage Upload q8", "PutObject stream"];
      return {
        unit: "MiB/s",
        sides: {
          ours: childSide(link, "ours upload", args),
          "ours uploadStream": childSide(link, "ours uploadStream", args),
          "lib-storage Upload q8": childSide(link, "lib-storage Upload q8", args),
          "PutObject stream": childSide(link, "PutObject stream", args),
          Flydrive: childSide(link, "Flydrive putStream", args),
          "aws s3 cp": cliUpload,
          "aws s3 cp -": cliStdin,
        },
        rows: [
          ...rowsFor(`uploadByPath ${label}`, "ours", raw),
          ...rowsFor(`uploadStream ${label}, length unknown`, "ours uploadStream", raw, ["aws s3 cp", "aws s3 cp -"]),
        ],
        afterSample: () => collectS3Garbage(context, env),
        async dispose() {
          client.destroy();
          await link.close();
        },
      };
    },
  };
}

function wanDownload(size: number): Scenario {
  return {
    id: `wan/download ${sizeLabel(size)}`,
    async prepare(context: Context): Promise<Plan> {
      const env = await ensureS3(context);
      const link = await startWanLink(context, env);
      const aws = await awsCli(context, link.env);
      const key = `${freshPrefix("wan-source")}.bin`;
      const client = newClient(env);
      const { PutObjectCommand } = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
      const source = largeFile(context.tmpDir, size);
      await client.send(new PutObjectCommand({ Bucket: env.bucket, Key: key, Body: createReadStream(source), ContentLength: size }));
      const file = path.join(context.tmpDir, "wan-download.bin");
      const args = () => ({ file, key, size });
      const cliDownload = cliSide(
        aws,
        env.bucket,
        size,
        () => [`s3://${env.bucket}/${key}`, file],
        async () => {
          const written = (await stat(file)).size;
          await unlink(file);
          if (written !== size) throw new Error(`aws s3 cp wrote ${written} bytes, expected ${size}`);
        },
      );
      const label = sizeLabel(size);
      const raw = ["ranged GETs", "GetObject"];
      return {
        unit: "MiB/s",
        sides: {
          ours: childSide(link, "ours downloadToFile", args),
          "ours downloadStream": childSide(link, "ours download", args),
          "ranged GETs": childSide(link, "ranged GETs", args),
          GetObject: childSide(link, "GetObject", args),
          Flydrive: childSide(link, "Flydrive getStream", args),
          "aws s3 cp": cliDownload,
        },
        rows: [...rowsFor(`downloadToFile ${label}`, "ours", raw), ...rowsFor(`downloadStream ${label} to a file`, "ours downloadStream", raw)],
        async dispose() {
          await deleteKeys(client, env.bucket, [key]);
          client.destroy();
          await link.close();
          await collectS3Garbage(context, env);
        },
      };
    },
  };
}

/**
 * The scenarios of `--profile wan`: 256 MiB (16 MiB with --quick); --full adds 1 GiB, which takes about
 * 45 s per run on each one-connection side (1 GiB at 25 MiB/s), some 15 minutes in all.
 */
export function wanScenarios(context: { quick: boolean; full: boolean }): Scenario[] {
  const sizes = context.quick ? [16 * MiB] : context.full ? [256 * MiB, 1024 * MiB] : [256 * MiB];
  // The resume row at the largest size run (1 GiB with --full, issue #14's figure), and never at or below the
  // multipart threshold (16 MiB), where an upload is one PutObject and nothing can be resumed.
  return [...sizes.flatMap((size) => [wanUpload(size), wanDownload(size)]), wanResume(Math.max(sizes.at(-1) as number, 32 * MiB))];
}
