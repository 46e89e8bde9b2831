import type { Readable } from "node:stream";
import type { CompletedPart, S3Client, UploadPartCommandOutput } from "@aws-sdk/client-s3";
import { linkedAbort } from "./abort";
import { classifyS3Error } from "./classifyError";
import type { PutParams } from "./putObject";
import type { ClientS3Module } from "./sdk";

const PASSING = new Set(["E_UNAVAILABLE", "E_TIMEOUT"]);

/**
 * One multipart upload on the server: parts sent (and sent again after a passing failure), completed, or
 * aborted. Its `controller` aborts every part in flight. With the client's checksums on (AWS), the upload
 * is created with CRC32 and each part's checksum is handed to CompleteMultipartUpload, as lib-storage does.
 */
export class MultipartSession {
  readonly controller: AbortController;

  private constructor(
    private readonly client: S3Client,
    private readonly sdk: ClientS3Module,
    private readonly params: PutParams,
    private readonly uploadId: string,
    controller: AbortController,
    private readonly dispose: () => void,
  ) {
    this.controller = controller;
  }

  static async create(
    client: S3Client,
    sdk: ClientS3Module,
    params: PutParams,
    signal: AbortSignal | undefined,
    partsInFlight: number,
  ): Promise<MultipartSession> {
    const { controller, dispose } = linkedAbort(signal, partsInFlight);
    try {
      const withChecksums = (await client.config.requestChecksumCalculation()) === "WHEN_SUPPORTED";
      const input = { ...params, ...(withChecksums ? { ChecksumAlgorithm: "CRC32" as const } : {}) };
      const created = await client.send(new sdk.CreateMultipartUploadCommand(input), { abortSignal: controller.signal });
      return new MultipartSession(client, sdk, params, created.UploadId as string, controller, dispose);
    } catch (error) {
      dispose();
      throw error;
    }
  }

  /** An upload already on the server (a resumed one): its parts are listed with `listParts`. */
  static resume(
    client: S3Client,
    sdk: ClientS3Module,
    params: PutParams,
    uploadId: string,
    signal: AbortSignal | undefined,
    partsInFlight: number,
  ): MultipartSession {
    const { controller, dispose } = linkedAbort(signal, partsInFlight);
    return new MultipartSession(client, sdk, params, uploadId, controller, dispose);
  }

  get id(): string {
    return this.uploadId;
  }

  /** The parts the server has, by part number, with their sizes (ListParts, every page). */
  async listParts(): Promise<Map<number, { part: CompletedPart; size: number }>> {
    const { Bucket, Key } = this.params;
    const found = new Map<number, { part: CompletedPart; size: number }>();
    let PartNumberMarker: string | undefined;
    do {
      const page = await this.client.send(new this.sdk.ListPartsCommand({ Bucket, Key, UploadId: this.uploadId, PartNumberMarker }), {
        abortSignal: this.signal,
      });
      for (const listed of page.Parts ?? []) {
        if (listed.PartNumber === undefined) continue;
        found.set(listed.PartNumber, { part: completedPart(listed.PartNumber, listed), size: listed.Size ?? 0 });
      }
      PartNumberMarker = page.IsTruncated ? page.NextPartNumberMarker : undefined;
    } while (PartNumberMarker);
    return found;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Sends part `partNumber`, made by `body` once per try (`fail` aborts that try's request: a stream body
   * that fails is not watched by the SDK). `attempts` tries for a passing failure (the SDK retries a Buffer
   * body itself, never a stream).
   */
  async sendPart(
    partNumber: number,
    length: number,
    body: (fail: (error: unknown) => void) => Readable | Buffer,
    attempts: number,
    onRetry?: () => void,
  ): Promise<CompletedPart> {
    const { Bucket, Key } = this.params;
    for (let attempt = 1; ; attempt++) {
      this.signal.throwIfAborted();
      const part = linkedAbort(this.signal);
      const Body = body((error) => part.controller.abort(error));
      try {
        const command = new this.sdk.UploadPartCommand({ Bucket, Key, UploadId: this.uploadId, PartNumber: partNumber, Body, ContentLength: length });
        return completedPart(partNumber, await this.client.send(command, { abortSignal: part.controller.signal }));
      } catch (error) {
        if (!Buffer.isBuffer(Body)) Body.destroy();
        const failure = part.controller.signal.aborted && !this.signal.aborted ? part.controller.signal.reason : error;
        if (this.signal.aborted || attempt >= attempts || !PASSING.has(classifyS3Error(failure) ?? "")) throw failure;
        onRetry?.();
      } finally {
        part.dispose();
      }
    }
  }

  async complete(parts: CompletedPart[]): Promise<void> {
    const { Bucket, Key } = this.params;
    try {
      await this.client.send(new this.sdk.CompleteMultipartUploadCommand({ Bucket, Key, UploadId: this.uploadId, MultipartUpload: { Parts: parts } }), {
        abortSignal: this.signal,
      });
    } finally {
      this.dispose();
    }
  }

  /** Stops following the caller's signal, and leaves the upload on the server (to be resumed). */
  release(): void {
    this.dispose();
  }

  /** Call once no part is in flight any more, so that nothing lands after it. A failed abort is left to a lifecycle rule. */
  async abort(): Promise<void> {
    this.controller.abort();
    this.dispose();
    const { Bucket, Key } = this.params;
    await this.client.send(new this.sdk.AbortMultipartUploadCommand({ Bucket, Key, UploadId: this.uploadId })).catch(() => undefined);
  }
}

function completedPart(PartNumber: number, output: Omit<UploadPartCommandOutput, "$metadata">): CompletedPart {
  const { ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 } = output;
  return { PartNumber, ETag, ChecksumCRC32, ChecksumCRC32C, ChecksumCRC64NVME, ChecksumSHA1, ChecksumSHA256 };
}
