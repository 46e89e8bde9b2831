import { randomBytes } from "node:crypto";
import { mkdir, open, rename, rm } from "node:fs/promises";
import path from "node:path";
import type { Context, Plan, Scenario } from "../harness/types";
import { DISK_ELEMENT, benchApp, storageOf } from "../support/benchApp";
import { collectGarbage } from "../support/gc";
import { freshPrefix } from "../support/keys";

const MiB = 1024 * 1024;

/** What a careful program does to store a file durably: write a temporary file, fsync it, rename it. */
async function writeDurably(file: string, body: Buffer): Promise<void> {
  const temp = `${file}.tmp-${process.pid}`;
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(body);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, file);
}

export const diskScenario: Scenario = {
  id: "disk/uploadByFile 1 MiB",
  async prepare(context: Context): Promise<Plan> {
    const directory = process.env.BENCH_DISK_DIR as string;
    const storage = storageOf(await benchApp(), DISK_ELEMENT);
    const count = context.quick ? 8 : 32;
    const body = randomBytes(MiB);
    const bareDir = path.join(context.tmpDir, "bare-disk");
    const timed = async (work: () => Promise<void>): Promise<{ value: number }> => {
      collectGarbage();
      const started = process.hrtime.bigint();
      await work();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { value: (count * body.length) / MiB / seconds };
    };
    return {
      unit: "MiB/s",
      sides: {
        ours: () =>
          timed(async () => {
            const prefix = freshPrefix("ours");
            for (let i = 0; i < count; i++) await storage.uploadByFile(`${prefix}/${i}.bin`, body, "application/octet-stream");
          }),
        "writeFile+fsync+rename": () =>
          timed(async () => {
            const folder = path.join(bareDir, freshPrefix("bare"));
            await mkdir(folder, { recursive: true });
            for (let i = 0; i < count; i++) await writeDurably(path.join(folder, `${i}.bin`), body);
          }),
      },
      rows: [{ scenario: "Disk uploadByFile 1 MiB", baseline: ["writeFile+fsync+rename"], target: { op: ">=", ratio: 0.8 } }],
      // Every key starts with "bench/" (freshPrefix), so this removes exactly what the run wrote.
      async afterSample() {
        await rm(path.join(directory, "bench"), { recursive: true, force: true });
        await rm(path.join(bareDir, "bench"), { recursive: true, force: true });
      },
    };
  },
};
