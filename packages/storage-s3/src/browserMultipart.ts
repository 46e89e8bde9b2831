import type { ObjectCannedACL } from "@aws-sdk/client-s3";
import type { BrowserMultipart } from "@elemental/storages";
import type { S3Connection } from "./S3Connection";
import type { S3Settings } from "./settings";

const MiB = 1024 * 1024;
/** S3 takes at most 10,000 parts per upload. */
const MAX_PARTS = 10_000;
/**
 * From this size a browser sends a file in parts: a part that fails is sent again alone, and a cancelled
 * upload is aborted on the server. Below it one signed PUT is quicker (one request, no completion).
 */
export const BROWSER_MULTIPART_THRESHOLD = 64 * MiB;

type Run = <T>(operation: string, key: string, action: () => Promise<T>) => Promise<T>;

/** Multipart uploads driven by a browser: the server creates, signs each part, completes or aborts; the bytes go straight to S3. */
export function s3BrowserMultipart(connection: S3Connection, settings: S3Settings, run: Run): BrowserMultipart {
  const bucket = settings.bucket;
  return {
    threshold: BROWSER_MULTIPART_THRESHOLD,
    partSize: (size) => Math.max(settings.partSize, Math.ceil(size / MAX_PARTS / MiB) * MiB),
    create: (name, contentType) =>
      run("browserMultipart.create", name, async () => {
        const { client, sdk } = await connection.get();
        const acl = settings.acl ? { ACL: settings.acl as ObjectCannedACL } : {};
        const created = await client.send(new sdk.CreateMultipartUploadCommand({ Bucket: bucket, Key: name, ContentType: contentType, ...acl }));
        if (!created.UploadId) throw new Error("the server returned no upload id");
        return { uploadId: created.UploadId };
      }),
    signPart: (name, uploadId, partNumber, expires) =>
      run("browserMultipart.signPart", name, async () => (await connection.urlSigner()).signPart(name, expires, uploadId, partNumber)),
    complete: (name, uploadId, parts) =>
      run("browserMultipart.complete", name, async () => {
        const { client, sdk } = await connection.get();
        const sorted = [...parts].sort((a, b) => a.partNumber - b.partNumber).map(({ partNumber, etag }) => ({ PartNumber: partNumber, ETag: etag }));
        await client.send(new sdk.CompleteMultipartUploadCommand({ Bucket: bucket, Key: name, UploadId: uploadId, MultipartUpload: { Parts: sorted } }));
      }),
    abort: (name, uploadId) =>
      run("browserMultipart.abort", name, async () => {
        const { client, sdk } = await connection.get();
        try {
          await client.send(new sdk.AbortMultipartUploadCommand({ Bucket: bucket, Key: name, UploadId: uploadId }));
        } catch (error) {
          if ((error as { name?: string }).name !== "NoSuchUpload") throw error;
        }
      }),
  };
}
