import { createApp } from "@elemental/core";
import type { DiskStorage } from "@elemental/storage-disk";
import { cleanUp, writeApp } from "./support/apps";
import { serverChild, stopProcesses } from "./support/processes";
import { slowDownload } from "./support/slowDownload";

afterAll(async () => {
  await stopProcesses();
  await cleanUp();
});

test("SIGTERM lets a download in flight finish, then the process exits 0", async () => {
  const root = await writeApp("Disk");
  const disk = (await createApp({ root })).getElement<DiskStorage>("storages.Files");
  const size = 48 * 1024 * 1024;
  await disk.uploadByFile("big.bin", Buffer.alloc(size, 5));
  const { url, child } = await serverChild(root);
  disk.useOrigin(url);
  const signed = await disk.getSignUrl("big.bin", "application/octet-stream");
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const received = await slowDownload(signed, () => child.kill("SIGTERM"));
  expect(received).toBe(size);
  expect(await exited).toBe(0);
}, 60_000);
