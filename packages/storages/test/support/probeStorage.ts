import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, type JsonSchema } from "@elemental/core";
import {
  type DownloadOptions,
  MemoryStorage,
  type ObjectInfo,
  type StorageCapabilities,
  type StorageFailure,
  type UploadBody,
  type UploadUrl,
  type WriteRequest,
  type ReadResult,
} from "@elemental/storages";

/** A MemoryType whose backend can be made to fail or misbehave, for tests of StorageBase itself. */
export class ProbeStorage extends MemoryStorage {
  static override configSchema: JsonSchema = { type: "object" };

  override readonly capabilities: StorageCapabilities = { signedUrls: true, uploadUrls: true, metadata: true, ranges: true };
  /** Thrown by every backend call while set. */
  failure: unknown = undefined;
  /** Replaces the backend's read. */
  read: ((key: string, options: DownloadOptions) => Promise<ReadResult>) | undefined;
  /** Added to the size the backend reports after a write. */
  storedSizeDelta = 0;
  translate: ((error: unknown) => StorageFailure | undefined) | undefined;
  readonly signed: unknown[][] = [];
  /** The next this-many writes read their whole body, then fail with `writeFailure`. */
  failingWrites = 0;
  writeFailure: unknown = Object.assign(new Error("connection reset"), { code: "ECONNRESET" });
  writes = 0;

  protected override async writeObject(key: string, body: UploadBody, request: WriteRequest): Promise<{ etag: string; size: number }> {
    this.failIfAsked();
    this.writes++;
    if (this.failingWrites > 0) {
      this.failingWrites--;
      if (body.kind === "stream") for await (const _ of body.stream); // the body is spent, as after a sent request
      throw this.writeFailure;
    }
    const written = await super.writeObject(key, body, request);
    return { ...written, size: written.size + this.storedSizeDelta };
  }

  protected override async readObject(key: string, options: DownloadOptions): Promise<ReadResult> {
    this.failIfAsked();
    return this.read ? this.read(key, options) : super.readObject(key, options);
  }

  protected override async statObject(key: string): Promise<ObjectInfo> {
    this.failIfAsked();
    return super.statObject(key);
  }

  protected override async signGetUrl(key: string, contentType: string | undefined, expires: number): Promise<string> {
    this.signed.push(["get", key, contentType, expires]);
    return `memory://signed/${key}`;
  }

  protected override async signUploadUrl(key: string, contentType: string, expires: number): Promise<UploadUrl> {
    this.signed.push(["put", key, contentType, expires]);
    return { url: `memory://upload/${key}`, method: "PUT", headers: { "content-type": contentType }, expiresAt: new Date(Date.now() + expires * 1000) };
  }

  protected override storageErrorOf(error: unknown): StorageFailure | undefined {
    return this.translate?.(error);
  }

  /** How many objects the backend holds. */
  objectCount(): number {
    return (this as unknown as { objects: Map<string, unknown> }).objects.size;
  }

  private failIfAsked(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

export const PROBE_SECRET = "s3cr3t-Value-42/xyz";
export const PROBE_TOKEN = "session-token-9876";

const roots: string[] = [];

/** A probe built the real way: a temporary application that extends this package, with a config holding secrets. */
export async function createProbe(): Promise<ProbeStorage> {
  const root = mkdtempSync(path.join(tmpdir(), "storages-probe-"));
  roots.push(root);
  const files: Record<string, unknown> = {
    "app.json": { appId: "test.Probe", extends: [path.resolve(__dirname, "../..")] },
    "storages/Probe/e.json": { title: "Probe", type: "storages.ProbeType" },
    "storages/Probe/Probe.json": { accessKeyId: "AKIAPUBLIC", accessKeySecret: PROBE_SECRET, nested: { sessionToken: PROBE_TOKEN } },
  };
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), JSON.stringify(content));
  }
  const app = await createApp({ root, types: { "storages.ProbeType": { class: ProbeStorage, type: "storages.Meta" } } });
  return app.getElement<ProbeStorage>("storages.Probe");
}

export function removeProbeApps(): void {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
}
