import type { S3Client } from "@aws-sdk/client-s3";
import type { ListEntry } from "@elemental/storages";
import type { ClientS3Module } from "./sdk";

/**
 * Lists with ListObjects (version 1) and markers, for servers without ListObjectsV2 (China Mobile EOS).
 * Without a delimiter S3 returns no NextMarker, so the next page starts after the last key of this one.
 */
export async function* listObjectsV1(
  client: S3Client,
  sdk: ClientS3Module,
  bucket: string,
  prefix: string,
  MaxKeys: number,
  abortSignal: AbortSignal | undefined,
): AsyncIterable<ListEntry> {
  let Marker: string | undefined;
  for (;;) {
    const page = await client.send(new sdk.ListObjectsCommand({ Bucket: bucket, Prefix: prefix || undefined, MaxKeys, Marker }), { abortSignal });
    const contents = page.Contents ?? [];
    for (const entry of contents) {
      if (entry.Key === undefined) continue;
      yield { name: entry.Key, size: entry.Size ?? 0, etag: entry.ETag, lastModified: entry.LastModified ?? new Date(0) };
    }
    Marker = page.NextMarker ?? contents[contents.length - 1]?.Key;
    if (!page.IsTruncated || Marker === undefined) return;
  }
}
