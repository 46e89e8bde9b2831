import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import type { JsonSchema } from "@elemental/core";
import { collect, type UploadBody } from "./body";
import { StorageError } from "./errors";
import { type FolderRequest, type FolderSlice, type LevelEntry, levelNameOf, sliceOfLevel } from "./folderListing";
import { StorageBase, type ReadResult, type WriteRequest } from "./StorageBase";
import type { DownloadOptions, ListEntry, ObjectInfo, StorageCapabilities } from "./types";

interface StoredObject {
  bytes: Buffer;
  info: Omit<ObjectInfo, "name" | "size">;
}

export interface MemoryConfig {
  /** The origin put in the URLs uploadByFile returns (they are not served). Default `memory://<fullName>`. */
  baseUrl?: string;
}

/** `storages.MemoryType`: the storages contract in a Map, for tests. */
export class MemoryStorage extends StorageBase<MemoryConfig> {
  static configSchema: JsonSchema = {
    type: "object",
    additionalProperties: false,
    properties: { baseUrl: { type: "string", minLength: 1 } },
  };

  readonly capabilities: StorageCapabilities = { signedUrls: false, uploadUrls: false, metadata: true, ranges: true, visibility: false };
  private readonly objects = new Map<string, StoredObject>();

  protected async writeObject(key: string, body: UploadBody, request: WriteRequest): Promise<{ etag: string; size: number }> {
    const bytes = body.kind === "bytes" ? Buffer.from(body.bytes) : await collect(body.stream);
    request.signal?.throwIfAborted();
    const etag = `"${createHash("md5").update(bytes).digest("hex")}"`;
    this.objects.set(key, {
      bytes,
      info: {
        contentType: request.contentType,
        etag,
        lastModified: new Date(),
        metadata: { ...request.metadata },
        cacheControl: request.cacheControl,
        contentDisposition: request.contentDisposition,
        contentEncoding: request.contentEncoding,
        contentLanguage: request.contentLanguage,
        expires: request.expires && new Date(request.expires),
      },
    });
    return { etag, size: bytes.length };
  }

  protected async readObject(key: string, options: DownloadOptions): Promise<ReadResult> {
    const { bytes } = this.find(key);
    const start = options.range?.start ?? 0;
    const end = Math.min(options.range?.end ?? bytes.length - 1, bytes.length - 1);
    if (options.range && start >= bytes.length && bytes.length > 0) {
      throw new StorageError("E_INVALID_ARGUMENT", `range starts at ${start}, past the end of ${bytes.length} bytes`);
    }
    const slice = bytes.subarray(start, end + 1);
    return { body: Readable.from([slice]), contentLength: slice.length };
  }

  protected async statObject(key: string): Promise<ObjectInfo> {
    const { bytes, info } = this.find(key);
    return { name: key, size: bytes.length, ...info, metadata: { ...info.metadata }, expires: info.expires && new Date(info.expires) };
  }

  protected async removeObject(key: string): Promise<void> {
    this.objects.delete(key);
  }

  protected async *listObjects(prefix: string): AsyncIterable<ListEntry> {
    const keys = [...this.objects.keys()].filter((key) => key.startsWith(prefix)).sort();
    for (const key of keys) {
      const stored = this.objects.get(key);
      if (stored) yield { name: key, size: stored.bytes.length, etag: stored.info.etag, lastModified: stored.info.lastModified };
    }
  }

  protected override async listFolderObjects(prefix: string, request: FolderRequest): Promise<FolderSlice> {
    const level = new Map<string, LevelEntry>();
    for (const [key, stored] of this.objects) {
      if (!key.startsWith(prefix)) continue;
      const { name, folder } = levelNameOf(prefix, key);
      level.set(name, folder ? { name } : { name, file: { name, size: stored.bytes.length, etag: stored.info.etag, lastModified: stored.info.lastModified } });
    }
    return sliceOfLevel([...level.values()], request);
  }

  protected async copyObject(from: string, to: string): Promise<void> {
    const source = this.find(from);
    this.objects.set(to, { bytes: source.bytes, info: { ...source.info, lastModified: new Date() } });
  }

  protected objectUrl(key: string): string {
    const base = this.config.baseUrl ?? `memory://${this.fullName}`;
    return `${base}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }

  private find(key: string): StoredObject {
    const stored = this.objects.get(key);
    if (!stored) throw new StorageError("E_NOT_FOUND", "no such object");
    return stored;
  }
}
