import { open } from "node:fs/promises";
import type { Readable } from "node:stream";
import type { S3Client } from "@aws-sdk/client-s3";

/**
 * The raw-SDK way to fetch a large object fast over a long link: HeadObject for its size, then ranged
 * GetObjects `concurrency` at a time, each body written in place at its offset (no ETag pinning: the
 * plainest correct code a user would write).
 */
export async function rangedGetToFile(
  client: S3Client,
  bucket: string,
  key: string,
  file: string,
  options: { concurrency: number; rangeSize: number },
): Promise<void> {
  const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const { ContentLength: size = 0 } = await client.send(new sdk.HeadObjectCommand({ Bucket: bucket, Key: key }));
  const handle = await open(file, "w");
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < size) {
        const start = next;
        const end = Math.min(size, start + options.rangeSize) - 1;
        next = end + 1;
        const { Body } = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=${start}-${end}` }));
        let position = start;
        for await (const chunk of Body as Readable) {
          const bytes = chunk as Buffer;
          await handle.write(bytes, 0, bytes.length, position);
          position += bytes.length;
        }
        if (position !== end + 1) throw new Error(`range ${start}-${end} ended at ${position}`);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
  } finally {
    await handle.close();
  }
}
