import type { PutObjectCommandInput, S3Client } from "@aws-sdk/client-s3";
import type { UploadBody } from "@elemental/storages";
import { linkedAbort } from "./abort";
import type { ClientS3Module } from "./sdk";

export type PutParams = Omit<PutObjectCommandInput, "Body" | "ContentLength">;

/**
 * One PutObject of a body whose size is known. A stream is sent as it is read (constant memory); StorageBase
 * holds it to its announced size, and its failure aborts the request, since the SDK pipes the body without
 * watching it (a short stream would otherwise leave the request hanging).
 */
export async function putObject(
  client: S3Client,
  sdk: ClientS3Module,
  params: PutParams,
  body: UploadBody & { size: number },
  signal?: AbortSignal,
): Promise<string | undefined> {
  if (body.kind === "bytes") {
    const output = await client.send(new sdk.PutObjectCommand({ ...params, Body: body.bytes, ContentLength: body.size }), { abortSignal: signal });
    return output.ETag;
  }
  const { controller, dispose } = linkedAbort(signal);
  const sized = body.stream;
  let bodyError: unknown;
  const fail = (error: unknown): void => {
    bodyError ??= error;
    controller.abort(error);
  };
  sized.once("error", fail);
  try {
    const output = await client.send(new sdk.PutObjectCommand({ ...params, Body: sized, ContentLength: body.size }), { abortSignal: controller.signal });
    return output.ETag;
  } catch (error) {
    sized.destroy();
    throw bodyError ?? error;
  } finally {
    sized.off("error", fail);
    dispose();
  }
}
