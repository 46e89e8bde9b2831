import { createHash } from "node:crypto";
import { createApp } from "@elemental/core";
import type { AttachmentItem, StorageSvc } from "@elemental/storage-service";
import { cleanUp, writeApp } from "./support/apps";
import { serverProcess, stopProcesses } from "./support/processes";

afterAll(async () => {
  await stopProcesses();
  await cleanUp();
});

const UPLOAD = "/storages/services/StorageSvc/uploadByFile";

async function upload(origin: string, fileName: string, body: Buffer): Promise<AttachmentItem> {
  const response = await fetch(`${origin}${UPLOAD}?fileName=${encodeURIComponent(fileName)}`, {
    method: "POST",
    body,
    headers: { "content-type": "text/plain" },
  });
  expect(response.status).toBe(201);
  return (await response.json()) as AttachmentItem;
}

describe.each(["Disk", "S3"] as const)("two server processes on one %s storage", (backend) => {
  test("see the same records, dedupe across each other and accept each other's preview URLs", async () => {
    const root = await writeApp(backend, { md5Naming: true });
    const [a, b] = await Promise.all([serverProcess(root), serverProcess(root)]);
    const bytes = Buffer.from(`shared between processes on ${backend}`);
    const md5 = createHash("md5").update(bytes).digest("hex");
    const fromA = await upload(a, "first.txt", bytes);
    expect(fromA).toMatchObject({ md5, name: `${md5}.txt`, fileName: "first.txt" });
    const fromB = await upload(b, "second.txt", bytes);
    expect(fromB.id).toBe(fromA.id);
    expect(fromB.fileName).toBe("first.txt");
    // A's signed URL, sent to B: same signing key (kept in the storage), same file.
    const viaB = fromA.url.replace(a, b);
    expect(viaB.startsWith(b)).toBe(true);
    const response = await fetch(viaB);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    // A third process's view: this test's own, on the same application.
    const svc = (await createApp({ root })).getElement<StorageSvc>("storages.services.StorageSvc");
    expect(await svc.getRecord(fromA.id)).toMatchObject({ id: fromA.id, md5 });
    expect(await svc.findByMd5(md5)).toMatchObject({ id: fromA.id });
  }, 60_000);
});
