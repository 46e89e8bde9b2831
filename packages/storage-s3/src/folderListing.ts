import { type FolderRequest, type FolderSlice, type ListEntry, byteOrder } from "@elemental/storages";
import type { ListObjectsCommandOutput, ListObjectsV2CommandOutput } from "@aws-sdk/client-s3";
import type { Connection } from "./S3Connection";

/**
 * One page of one folder level: ListObjectsV2 with `Delimiter: "/"`, so sub-folders come back as common
 * prefixes and nothing below them is read. The page resumes with `StartAfter` = the last name returned
 * (a key, or a folder's prefix, which S3 and RGW skip with everything under it), not with a
 * ContinuationToken: that token is the server's own opaque value, valid only against that server, while
 * a name works on any server and in any process. Should a server hand back a name that is not after
 * the cursor (say, the folder it resumed after), it is dropped and the next request continues with the
 * server's token, so a page is never short because of it. Servers without ListObjectsV2 (EOS) get
 * ListObjects (v1) with the same delimiter, the name as its Marker and NextMarker to go on.
 */
export async function listFolderPage(
  { client, sdk }: Connection,
  bucket: string,
  prefix: string,
  request: FolderRequest,
  listVersion: 1 | 2 = 2,
): Promise<FolderSlice> {
  const { after, pageSize, signal } = request;
  const isNew = (name: string): boolean => after === undefined || byteOrder(name, after) > 0;
  const files: ListEntry[] = [];
  const folders: string[] = [];
  let token: string | undefined;
  for (;;) {
    const level = { Bucket: bucket, Prefix: prefix || undefined, Delimiter: "/", MaxKeys: pageSize - files.length - folders.length };
    let page: ListObjectsCommandOutput | ListObjectsV2CommandOutput;
    let next: string | undefined;
    if (listVersion === 1) {
      const v1 = await client.send(new sdk.ListObjectsCommand({ ...level, Marker: token ?? after }), { abortSignal: signal });
      [page, next] = [v1, v1.NextMarker];
    } else {
      const continued = token === undefined ? { StartAfter: after } : { ContinuationToken: token };
      const v2 = await client.send(new sdk.ListObjectsV2Command({ ...level, ...continued }), { abortSignal: signal });
      [page, next] = [v2, v2.NextContinuationToken];
    }
    for (const entry of page.Contents ?? []) {
      if (entry.Key === undefined || !isNew(entry.Key)) continue;
      files.push({ name: entry.Key, size: entry.Size ?? 0, etag: entry.ETag, lastModified: entry.LastModified ?? new Date(0) });
    }
    for (const { Prefix } of page.CommonPrefixes ?? []) if (Prefix !== undefined && isNew(Prefix)) folders.push(Prefix);
    token = page.IsTruncated ? next : undefined;
    if (token === undefined || files.length + folders.length >= pageSize) return { files, folders, truncated: page.IsTruncated === true };
  }
}
