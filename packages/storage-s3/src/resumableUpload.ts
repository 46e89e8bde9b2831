import { createHash } from "node:crypto";
import type { FileHandle } from "node:fs/promises";
import { mkdir, readFile, readdir, rename, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { CompletedPart, S3Client } from "@aws-sdk/client-s3";
import { classifyS3Error } from "./classifyError";
import { type FilePartsOptions, sendFileParts } from "./fileMultipart";
import { MultipartSession } from "./multipartSession";
import type { PutParams } from "./putObject";
import type { ClientS3Module } from "./sdk";

/** Where an element keeps the state of its resumable uploads, and when an abandoned one is aborted. */
export interface ResumeStore {
  /** `<app root>/appData/.elemental/uploads/<element>`. */
  folder: string;
  /** A state older than this (ms) is an abandoned upload: aborted on the server and forgotten. */
  expiryMs: number;
}

/** What is kept of an upload in progress: enough to find it again and to know the file has not changed. */
interface UploadState {
  uploadId: string;
  bucket: string;
  key: string;
  size: number;
  mtimeMs: number;
  partSize: number;
  startedAt: number;
}

export function resumeFolder(appRoot: string, element: string): string {
  return path.join(appRoot, "appData", ".elemental", "uploads", element);
}

/**
 * `uploadByPath(..., { resume: true })`: a multipart upload whose id is written to the element's resume
 * folder as soon as it exists, and left on the server when the upload fails (or the process dies). Run
 * again on the same file and key, it asks the server which parts it has (ListParts) and sends only the
 * others. A file changed since (size or modification time) starts over, aborting the old upload. States
 * older than the store's expiry are aborted and removed when any resumable upload of the element starts.
 */
export async function resumableFileUpload(
  client: S3Client,
  sdk: ClientS3Module,
  params: PutParams,
  file: FileHandle,
  size: number,
  options: FilePartsOptions & { store: ResumeStore },
): Promise<{ resumedParts: number }> {
  const { store } = options;
  await abortExpired(client, sdk, store);
  const stats = await file.stat();
  const stateFile = path.join(
    store.folder,
    `${createHash("sha256")
      .update(JSON.stringify([params.Bucket, params.Key, stats.dev, stats.ino]))
      .digest("hex")}.json`,
  );
  const expected = { bucket: params.Bucket as string, key: params.Key as string, size, mtimeMs: stats.mtimeMs, partSize: options.partSize };
  let session: MultipartSession | undefined;
  let done = new Map<number, CompletedPart>();
  const saved = await readState(stateFile);
  if (saved) {
    const old = MultipartSession.resume(client, sdk, params, saved.uploadId, options.signal, options.queueSize);
    const same = (Object.keys(expected) as Array<keyof typeof expected>).every((field) => saved[field] === expected[field]);
    if (same) {
      try {
        done = partsOfFullSize(await old.listParts(), size, options.partSize);
        session = old;
      } catch (error) {
        old.release();
        if (classifyS3Error(error) !== "E_NOT_FOUND") throw error;
      }
    } else await old.abort();
    if (!session) await unlink(stateFile).catch(() => undefined);
  }
  if (!session) {
    session = await MultipartSession.create(client, sdk, params, options.signal, options.queueSize);
    await writeState(stateFile, { ...expected, uploadId: session.id, startedAt: Date.now() });
  }
  let parts: CompletedPart[];
  try {
    parts = await sendFileParts(session, file, size, options, done);
  } catch (error) {
    session.release();
    throw error;
  }
  await session.complete(parts);
  await unlink(stateFile).catch(() => undefined);
  return { resumedParts: done.size };
}

/** The listed parts that are whole (a part's expected size), which need not be sent again. */
function partsOfFullSize(listed: Map<number, { part: CompletedPart; size: number }>, size: number, partSize: number): Map<number, CompletedPart> {
  const whole = new Map<number, CompletedPart>();
  for (const [partNumber, { part, size: partBytes }] of listed) {
    if (partBytes === Math.min(partSize, size - (partNumber - 1) * partSize)) whole.set(partNumber, part);
  }
  return whole;
}

async function abortExpired(client: S3Client, sdk: ClientS3Module, store: ResumeStore): Promise<void> {
  const names = await readdir(store.folder).catch(() => [] as string[]);
  for (const name of names.filter((entry) => entry.endsWith(".json"))) {
    const file = path.join(store.folder, name);
    const state = await readState(file);
    if (state && Date.now() - state.startedAt <= store.expiryMs) continue;
    if (state) {
      const params = { Bucket: state.bucket, Key: state.key, UploadId: state.uploadId };
      await client.send(new sdk.AbortMultipartUploadCommand(params)).catch(() => undefined);
    }
    await unlink(file).catch(() => undefined);
  }
}

async function readState(file: string): Promise<UploadState | undefined> {
  try {
    const state = JSON.parse(await readFile(file, "utf8")) as UploadState;
    return typeof state.uploadId === "string" && typeof state.startedAt === "number" ? state : undefined;
  } catch {
    return undefined;
  }
}

/** Written whole or not at all (a temporary file renamed), so that a kill never leaves half a state. */
async function writeState(file: string, state: UploadState): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, JSON.stringify(state));
  await rename(temp, file);
}
