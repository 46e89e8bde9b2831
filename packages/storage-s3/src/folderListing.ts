import { type FolderRequest, type FolderSlice, type ListEntry, byteOrder } from "@elemental/storages";
import type { Connection } from "./S3Connection";

/**
 * One page of one folder level: ListObjectsV2 with `Delimiter: "/"`, so sub-folders come back as common
 * prefixes and nothing below them is read. The page resumes with `StartAfter` = the last name returned
 * (a key, or a folder's prefix, which S3 and RGW skip with everything under it), not with a
 * ContinuationToken: that token is the server's own opaque value, valid only against that server, while
 * a name works on any server and in any process. Should a server hand back a name that is not after
 * the cursor (say, the folder it resumed after), it is dropped and the next request continues with the
 * server's token, so a page is never short because of it.
 */
export async function listFolderPage({ client, sdk }: Connection, bucket: string, prefix: string, request: FolderRequest): Promise<FolderSlice> {
  const { after, pageSize, signal } = request;
  const isNew = (name: string): boolean => after === undefined || byteOrder(name, after) > 0;
  const files: ListEntry[] = [];
  const folders: string[] = [];
  let token: string | undefined;
  for (;;) {
    const page = await client.send(
      new sdk.ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix || undefined,
        Delimiter: "/",
        MaxKeys: pageSize - files.length - folders.length,
        ...(token === undefined ? { StartAfter: after } : { ContinuationToken: token }),
      }),
      { abortSignal: signal },
    );
    for (const entry of page.Contents ?? []) {
      if (entry.Key === undefined || !isNew(entry.Key)) continue;
      files.push({ name: entry.Key, size: entry.Size ?? 0, etag: entry.ETag, lastModified: entry.LastModified ?? new Date(0) });
    }
    for (const { Prefix } of page.CommonPrefixes ?? []) if (Prefix !== undefined && isNew(Prefix)) folders.push(Prefix);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (token === undefined || files.length + folders.length >= pageSize) return { files, folders, truncated: page.IsTruncated === true };
  }
}
