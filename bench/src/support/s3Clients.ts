import type { StorageBase } from "@elemental/storages";
import type { S3Env } from "./s3";
import { newClient } from "./s3";

const CONTENT_TYPE = "application/octet-stream";

/** The two operations the small-object scenarios compare, as each library spells them. */
export interface ObjectClient {
  upload(key: string, body: Buffer): Promise<void>;
  download(key: string): Promise<Uint8Array>;
  close(): void;
}

export function oursClient(storage: StorageBase): ObjectClient {
  return {
    upload: async (key, body) => void (await storage.uploadByFile(key, body, CONTENT_TYPE)),
    download: (key) => storage.download(key),
    close: () => undefined,
  };
}

/** The raw SDK as its documentation shows it: PutObject with a Buffer, GetObject + transformToByteArray. */
export function rawClient(env: S3Env): ObjectClient {
  const sdk = require("@aws-sdk/client-s3") as typeof import("@aws-sdk/client-s3");
  const client = newClient(env);
  return {
    upload: async (key, body) => void (await client.send(new sdk.PutObjectCommand({ Bucket: env.bucket, Key: key, Body: body, ContentType: CONTENT_TYPE }))),
    download: async (key) => {
      const { Body } = await client.send(new sdk.GetObjectCommand({ Bucket: env.bucket, Key: key }));
      if (!Body) throw new Error(`GetObject ${key} had no body`);
      return Body.transformToByteArray();
    },
    close: () => client.destroy(),
  };
}

/** Flydrive 2.1's S3 driver, given a client with the same settings (ACLs off: RGW buckets need none). */
export async function flydriveClient(env: S3Env): Promise<ObjectClient> {
  const { Disk } = await import("flydrive");
  const { S3Driver } = await import("flydrive/drivers/s3");
  const client = newClient(env);
  const disk = new Disk(new S3Driver({ client, bucket: env.bucket, visibility: "private", supportsACL: false }));
  return {
    upload: (key, body) => disk.put(key, body, { contentType: CONTENT_TYPE }),
    download: (key) => disk.getBytes(key),
    close: () => client.destroy(),
  };
}

/** Flystorage's FileStorage over its AWS S3 adapter, given a client with the same settings. */
export async function flystorageClient(env: S3Env): Promise<ObjectClient> {
  const { FileStorage } = await import("@flystorage/file-storage");
  const { AwsS3StorageAdapter } = await import("@flystorage/aws-s3");
  const client = newClient(env);
  const storage = new FileStorage(new AwsS3StorageAdapter(client, { bucket: env.bucket }));
  return {
    upload: (key, body) => storage.write(key, body, { mimeType: CONTENT_TYPE }),
    download: (key) => storage.readToBuffer(key),
    close: () => client.destroy(),
  };
}
