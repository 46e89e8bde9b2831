/**
 * The seed's usage, step by step, against the repository root application:
 * `pnpm demo` uses the default storage (storages.Default, a DiskType under appData/),
 * `pnpm demo:s3` uses storages.MyS3 on the local RADOS Gateway.
 */
import path from "node:path";
import { createApp } from "@elemental/core";
import { getDefaultStorage, isStorageError, type StorageBase } from "@elemental/storages";
import { DiskStorage, serveDisk } from "@elemental/storage-disk";
import { Report } from "./report";

const root = path.resolve(__dirname, "../../..");

async function main(): Promise<void> {
  const requested = process.argv[2];
  const app = await createApp({ root });
  const storage: StorageBase = requested ? app.getElement(requested) : getDefaultStorage(app);
  const report = new Report(`${storage.fullName} (${storage.storageType})`);
  const served = storage instanceof DiskStorage ? await serveDisk(storage) : undefined;
  if (served) report.note(`serving ${storage.fullName} at ${served.url} with the bundled handler (app.close() stops it)`);
  try {
    await seedUsage(storage, report);
  } finally {
    await app.close(); // every element's onAppExit: the S3 client's sockets, the disk server
  }
  report.finish();
}

async function seedUsage(storage: StorageBase, report: Report): Promise<void> {
  const name = "folder/example.txt";
  const text = `Hello from Elemental at ${new Date().toISOString()}\n`;

  const uploaded = await report.step("uploadByFile", () => storage.uploadByFile(name, Buffer.from(text), "text/plain"));
  report.detail(`url ${uploaded.url}, ${uploaded.size} bytes, etag ${uploaded.etag}`);

  const signed = await report.step("getSignUrl", () => storage.getSignUrl(name, "text/plain", 3600));
  const response = await report.step("fetch the signed URL", () => fetch(signed));
  const fetched = await response.text();
  report.check(`HTTP ${response.status}, ${response.headers.get("content-type")}, body matches`, response.ok && fetched === text);

  const downloaded = await report.step("download", () => storage.download(name));
  report.check("downloaded bytes equal the uploaded ones", downloaded.toString() === text);

  const info = await report.step("getObject", () => storage.getObject(name));
  report.detail(`${info.size} bytes, ${info.contentType}, modified ${info.lastModified.toISOString()}`);
  report.check("size and content type are what was uploaded", info.size === uploaded.size && info.contentType === "text/plain");

  const batch = ["a", "b", "c", "d", "e"].map((letter) => `batch/${letter}.txt`);
  await report.step(`batch upload of ${batch.length} files`, async () => {
    for (const key of batch) await storage.uploadByFile(key, `content of ${key}`, "text/plain");
  });
  const listed: string[] = [];
  for await (const entry of storage.list("batch/")) listed.push(entry.name);
  report.check(
    `list("batch/") finds all ${batch.length}`,
    batch.every((key) => listed.includes(key)),
  );

  await report.step("exception handling: a key that leaves the root", async () => {
    try {
      await storage.uploadByFile("../outside.txt", "nope");
      report.check("the bad key was refused", false);
    } catch (error) {
      if (!isStorageError(error)) throw error;
      report.detail(`caught ${error.message}`);
      report.check("refused with E_INVALID_KEY", error.code === "E_INVALID_KEY");
    }
  });

  await report.step("delete", async () => {
    await storage.delete(name);
    await storage.deleteMany(batch);
  });
  report.check("the object is gone", !(await storage.exists(name)));
}

main().catch((error: unknown) => {
  console.error(isStorageError(error) || error instanceof Error ? error.message : error);
  process.exit(1);
});
