import { randomBytes } from "node:crypto";
import { mkdirSync, openSync, closeSync, writeSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { StorageSvc } from "@elemental/storage-service";
import type { StorageBase } from "@elemental/storages";
import type { Context, Plan, Scenario, Sample } from "../harness/types";
import { collectGarbage } from "../support/gc";
import { load } from "../server/load";
import { gradientPng } from "../server/png";
import { writeServerApp } from "../server/serverApp";
import { type ServerChild, spawnServer } from "../server/spawnServer";

const MiB = 1024 * 1024;

/** An application with a 1 MiB file and a PNG whose 120x120 thumbnail is already cached. */
async function preparedApp(context: Context, label: string): Promise<{ root: string; directory: string; svc: StorageSvc; storage: StorageBase }> {
  const root = path.join(context.tmpDir, label);
  mkdirSync(root, { recursive: true });
  const directory = writeServerApp(root);
  const app = await createApp({ root });
  return { root, directory, svc: app.getElement<StorageSvc>("storages.services.StorageSvc"), storage: app.getElement<StorageBase>("storages.Files") };
}

async function opsPerSecond(urls: string[], concurrency: number): Promise<Sample> {
  collectGarbage();
  const started = process.hrtime.bigint();
  await load(urls, concurrency);
  return { value: urls.length / (Number(process.hrtime.bigint() - started) / 1e9) };
}

export const previewScenario: Scenario = {
  id: "server/preview",
  async prepare(context: Context): Promise<Plan> {
    const { root, directory, svc } = await preparedApp(context, "preview-app");
    await svc.uploadByFile("file.bin", randomBytes(MiB), undefined, "application/octet-stream");
    await svc.uploadByFile("photo.png", gradientPng(800, 600));
    const ours = await spawnServer("ours", root);
    const bare = await spawnServer("bare", directory);
    svc.useBaseUrl(ours.url);
    const thumbnailUrl = await svc.thumbnailUrl("photo.png", 120, 120, { expires: 86400 });
    await load([thumbnailUrl], 1); // made and cached once, before any measure
    const fileUrl = await svc.previewUrl("file.bin", { expires: 86400 });
    const count = context.quick ? 200 : 2000;
    const repeat = (url: string) => Array.from({ length: count }, () => url);
    return {
      unit: "ops/s",
      sides: {
        "ours thumbnail": () => opsPerSecond(repeat(thumbnailUrl), 8),
        "bare thumbnail": () => opsPerSecond(repeat(`${bare.url}/photo_120_120.png`), 8),
        "ours 1 MiB": () => opsPerSecond(repeat(fileUrl).slice(0, count / 4), 8),
        "bare 1 MiB": () => opsPerSecond(repeat(`${bare.url}/file.bin`).slice(0, count / 4), 8),
      },
      rows: [
        { scenario: "preview: cached thumbnail, 8 clients", ours: "ours thumbnail", baseline: ["bare thumbnail"], target: { op: ">=", ratio: 0.8 } },
        { scenario: "preview: 1 MiB file, 8 clients", ours: "ours 1 MiB", baseline: ["bare 1 MiB"], target: { op: ">=", ratio: 0.8 } },
      ],
      async dispose() {
        await ours.stop();
        await bare.stop();
      },
    };
  },
};

/** 50 clients (quick: 10) download one large file at once, from a fresh server process each sample. */
export const manyDownloadsScenario: Scenario = {
  id: "server/50 downloads",
  async prepare(context: Context): Promise<Plan> {
    const { root, directory, svc, storage } = await preparedApp(context, "downloads-app");
    const size = (context.quick ? 16 : 100) * MiB;
    const clients = context.quick ? 10 : 50;
    const source = path.join(context.tmpDir, "large.bin");
    const fd = openSync(source, "w");
    const block = randomBytes(MiB);
    for (let i = 0; i < size / MiB; i++) writeSync(fd, block);
    closeSync(fd);
    await storage.uploadByPath("large.bin", source, "application/octet-stream");
    const run = async (mode: "ours" | "bare"): Promise<Sample> => {
      const server: ServerChild = await spawnServer(mode, mode === "ours" ? root : directory);
      try {
        svc.useBaseUrl(server.url);
        const url = mode === "ours" ? await svc.previewUrl("large.bin", { expires: 86400 }) : `${server.url}/large.bin`;
        const started = process.hrtime.bigint();
        const bytes = await load(
          Array.from({ length: clients }, () => url),
          clients,
        );
        if (bytes !== size * clients) throw new Error(`received ${bytes} of ${size * clients} bytes`);
        return { value: bytes / MiB / (Number(process.hrtime.bigint() - started) / 1e9), rssMiB: server.peakRssMiB() };
      } finally {
        await server.stop();
      }
    };
    return {
      unit: "MiB/s",
      sides: { ours: () => run("ours"), "node:http+createReadStream": () => run("bare") },
      rows: [
        {
          scenario: `${clients} clients download ${size / MiB} MiB each (server process)`,
          baseline: ["node:http+createReadStream"],
          target: { op: ">=", ratio: 0.8 },
          rssLimitMiB: 200,
        },
      ],
    };
  },
};
