import path from "node:path";
import { type App, createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";

/** bench/app: extends the S3 and disk Type packages and declares storages.BenchS3 and storages.BenchDisk. */
export const BENCH_APP_ROOT = path.join(__dirname, "..", "..", "app");
export const S3_ELEMENT = "storages.BenchS3";
export const DISK_ELEMENT = "storages.BenchDisk";

/** The bench application, with `${S3_*}`, `${BENCH_BUCKET}` and `${BENCH_DISK_DIR}` from process.env. */
export function benchApp(): Promise<App> {
  return createApp({ root: BENCH_APP_ROOT, env: process.env });
}

export function storageOf(app: App, fullName: string): StorageBase {
  return app.getElement<StorageBase>(fullName);
}
