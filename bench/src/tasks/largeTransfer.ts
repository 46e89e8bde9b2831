// Child task: one large upload or download, by us or by the raw SDK, timed from the first byte sent to
// the last byte stored. Module loading, client creation and the first connection are done before the
// clock starts (a HEAD of a missing key), for every side alike.
import { createReadStream, createWriteStream } from "node:fs";
import { stat, unlink } from "node:fs/promises";
import { pipeline } from "node:stream/promises";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";
import { peakRssMiB } from "../harness/peakRss";
import type { Sample } from "../harness/types";

export type LargeSide =
  | "ours upload"
  | "ours uploadStream"
  | "lib-storage Upload"
  | "lib-storage Upload q8"
  | "PutObject stream"
  | "ours download"
  | "ours upload resume"
  | "ours downloadToFile"
  | "GetObject"
  | "ranged GETs"
  | "Flydrive putStream"
  | "Flydrive getStream";

const DOWNLOADS: ReadonlySet<LargeSide> = new Set(["ours download", "ours downloadToFile", "GetObject", "ranged GETs", "Flydrive getStream"]);

export interface LargeTransferArgs {
  side: LargeSide;
  /** The source file (uploads) or the destination file (downloads). */
  file: string;
  key: string;
  size: number;
  /** "ours upload resume": parts in flight (default: the element's queueSize). */
  queueSize?: number;
}

const MiB = 1024 * 1024;
const CONTENT_TYPE = "application/octet-stream";

export async function largeTransfer(args: LargeTransferArgs): Promise<Sample> {
  const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const { newClient } = require("../support/s3") as typeof import("../support/s3");
  const env = envFromProcess();
  const client = newClient(env);
  const transfer = await prepare(args, client, env.bucket);
  const rssBeforeMiB = process.memoryUsage.rss() / MiB;
  const started = process.hrtime.bigint();
  await transfer();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rssMiB = peakRssMiB();
  if (DOWNLOADS.has(args.side)) {
    const { size } = await stat(args.file);
    await unlink(args.file);
    if (size !== args.size) throw new Error(`${args.side} wrote ${size} bytes, expected ${args.size}`);
  } else {
    const head = await client.send(new sdk.HeadObjectCommand({ Bucket: env.bucket, Key: args.key }));
    await client.send(new sdk.DeleteObjectCommand({ Bucket: env.bucket, Key: args.key }));
    if (head.ContentLength !== args.size) throw new Error(`${args.side} stored ${head.ContentLength} bytes, expected ${args.size}`);
  }
  client.destroy();
  return { value: args.size / MiB / seconds, rssMiB, detail: { seconds: Number(seconds.toFixed(2)), rssBeforeMiB: Math.round(rssBeforeMiB) } };
}

/** Everything but the transfer itself; returns the transfer. */
async function prepare(args: LargeTransferArgs, client: S3Client, bucket: string): Promise<() => Promise<unknown>> {
  const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const { side, file, key, size } = args;
  if (side.startsWith("ours ")) {
    const { benchApp, storageOf, S3_ELEMENT } = require("../support/benchApp") as typeof import("../support/benchApp");
    const storage = storageOf(await benchApp(), S3_ELEMENT);
    await storage.exists("bench/warm-up/missing");
    if (side === "ours upload") return () => storage.uploadByPath(key, file, CONTENT_TYPE);
    if (side === "ours upload resume") return () => storage.uploadByPath(key, file, CONTENT_TYPE, { resume: true, queueSize: args.queueSize } as object);
    // A stream whose length the storage is not told: it has to go multipart in bounded memory.
    if (side === "ours uploadStream") return () => storage.uploadStream(key, createReadStream(file), CONTENT_TYPE);
    if (side === "ours downloadToFile") return () => storage.downloadToFile(key, file);
    return async () => pipeline(await storage.downloadStream(key), createWriteStream(file));
  }
  await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: "bench/warm-up/missing" })).catch(() => undefined);
  if (side === "lib-storage Upload") {
    const { Upload } = require("@aws-sdk/lib-storage") as typeof import("@aws-sdk/lib-storage");
    return () => new Upload({ client, params: { Bucket: bucket, Key: key, Body: createReadStream(file), ContentType: CONTENT_TYPE } }).done();
  }
  if (side === "lib-storage Upload q8") {
    const { Upload } = require("@aws-sdk/lib-storage") as typeof import("@aws-sdk/lib-storage");
    const params = { Bucket: bucket, Key: key, Body: createReadStream(file), ContentType: CONTENT_TYPE };
    return () => new Upload({ client, params, queueSize: 8, partSize: 16 * MiB }).done();
  }
  if (side === "Flydrive putStream" || side === "Flydrive getStream") {
    // Flydrive 2.1's S3 driver over a client with the same settings: putStream is one PutObject, getStream one GetObject.
    const { Disk } = require("flydrive") as typeof import("flydrive");
    const { S3Driver } = require("flydrive/drivers/s3") as typeof import("flydrive/drivers/s3");
    const disk = new Disk(new S3Driver({ client, bucket, visibility: "private", supportsACL: false }));
    if (side === "Flydrive putStream") return () => disk.putStream(key, createReadStream(file), { contentType: CONTENT_TYPE });
    return async () => pipeline(await disk.getStream(key), createWriteStream(file));
  }
  if (side === "ranged GETs") {
    const { rangedGetToFile } = require("../support/rangedGet") as typeof import("../support/rangedGet");
    return () => rangedGetToFile(client, bucket, key, file, { concurrency: 8, rangeSize: 16 * MiB });
  }
  if (side === "PutObject stream") {
    return () =>
      client.send(new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size, ContentType: CONTENT_TYPE }));
  }
  return async () => {
    const { Body } = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
    await pipeline(Body as Readable, createWriteStream(file));
  };
}

function envFromProcess(): import("../support/s3").S3Env {
  const { S3_ENDPOINT, S3_ACCESS_KEY, S3_SECRET_KEY, S3_REGION, BENCH_BUCKET } = process.env;
  if (!S3_ENDPOINT || !S3_ACCESS_KEY || !S3_SECRET_KEY || !BENCH_BUCKET) throw new Error("the parent passes S3_* and BENCH_BUCKET");
  return { endpoint: S3_ENDPOINT, accessKey: S3_ACCESS_KEY, secretKey: S3_SECRET_KEY, region: S3_REGION || "us-east-1", bucket: BENCH_BUCKET, local: false };
}
