import { createHash } from "node:crypto";
import { RESERVED_PREFIX } from "@elemental/storage-service";
import { cleanUp } from "./support/apps";
import { closeServers, keysOf, served, userKeys } from "./support/served";

afterAll(async () => {
  await closeServers();
  await cleanUp();
});

describe.each(["Disk", "S3"] as const)("StorageSvc records on %s", (backend) => {
  test("two uploads of the same bytes with md5 store one object and one record, found by id and by md5", async () => {
    const { svc, storage } = await served(backend);
    const bytes = Buffer.from(`same bytes ${backend}`);
    const md5 = createHash("md5").update(bytes).digest("hex");
    const first = await svc.uploadByFile("report.txt", bytes, md5, "text/plain");
    const second = await svc.uploadByFile("copy of report.txt", bytes, md5, "text/plain");
    expect(first).toMatchObject({
      md5,
      name: `${md5}.txt`,
      size: bytes.length,
      type: "text/plain",
      fileName: "report.txt",
      expires: null,
      storeFullName: "storages.Files",
    });
    expect(first.fullName).toBe(backend === "Disk" ? "storages.DiskType" : "storages.MinioType");
    expect(second.id).toBe(first.id);
    expect(await userKeys(storage)).toEqual([`${md5}.txt`]);
    expect(await svc.getRecord(first.id)).toMatchObject({ id: first.id, md5, name: `${md5}.txt` });
    expect(await svc.findByMd5(md5)).toMatchObject({ id: first.id });
    expect((await svc.download(`${md5}.txt`)).equals(bytes)).toBe(true);
  });

  test("md5 naming from the config dedupes streams too, and a wrong md5 is refused", async () => {
    const { svc, storage } = await served(backend, {}, { md5Naming: true });
    const bytes = Buffer.from("streamed twice");
    const { Readable } = await import("node:stream");
    const first = await svc.uploadByFile("a.bin", Readable.from([bytes]));
    const second = await svc.uploadByFile("b.bin", Readable.from([bytes.subarray(0, 4), bytes.subarray(4)]));
    expect(second.id).toBe(first.id);
    await expect(svc.uploadByFile("c.bin", Readable.from([Buffer.from("other")]), first.md5)).rejects.toMatchObject({ code: "E_CHECKSUM_MISMATCH" });
    expect(await userKeys(storage)).toEqual([first.name]);
    expect(await keysOf(storage, `${RESERVED_PREFIX}tmp/`)).toEqual([]);
    expect((await svc.download(first.name)).equals(bytes)).toBe(true);
  });

  test("an expired file answers not found before the sweep; the sweep removes object, thumbnails and records", async () => {
    const { svc, storage } = await served(backend);
    const start = Date.now();
    svc.now = () => start;
    const item = await svc.uploadByFile("short.txt", "gone soon", undefined, undefined, undefined, 60);
    const kept = await svc.uploadByFile("kept.txt", "stays");
    expect(item).toMatchObject({ expires: 60, expireTime: start + 60_000 });
    await storage.uploadByFile("short_120_120.txt", "a cached thumbnail's place");
    expect(await keysOf(storage, `${RESERVED_PREFIX}exp/`)).toHaveLength(1);
    svc.now = () => start + 59_000;
    expect(await svc.sweep()).toBe(0);
    expect((await svc.download("short.txt")).toString()).toBe("gone soon");
    svc.now = () => start + 61_000;
    await expect(svc.download("short.txt")).rejects.toMatchObject({ code: "E_NOT_FOUND" });
    expect(await svc.sweep()).toBe(1);
    expect(await userKeys(storage)).toEqual(["kept.txt"]);
    expect(await svc.getRecord(item.id)).toBeUndefined();
    expect(await svc.findByMd5(item.md5)).toBeUndefined();
    expect(await keysOf(storage, `${RESERVED_PREFIX}exp/`)).toEqual([]);
    expect(await svc.getRecord(kept.id)).toMatchObject({ name: "kept.txt" });
  });

  test("uploading again with a later expiry keeps the file past the first one", async () => {
    const { svc, storage } = await served(backend, {}, { md5Naming: true });
    const start = Date.now();
    svc.now = () => start;
    const first = await svc.uploadByFile("x.txt", "twice", undefined, undefined, undefined, 10);
    const second = await svc.uploadByFile("x.txt", "twice", undefined, undefined, undefined, 100);
    expect(second).toMatchObject({ id: first.id, expireTime: start + 100_000 });
    svc.now = () => start + 20_000;
    expect(await svc.sweep()).toBe(0);
    expect((await svc.download(first.name)).toString()).toBe("twice");
    svc.now = () => start + 101_000;
    expect(await svc.sweep()).toBe(1);
    expect(await userKeys(storage)).toEqual([]);
  });

  test("delete removes the file and its record; reserved and invalid names are refused", async () => {
    const { svc, storage } = await served(backend);
    const item = await svc.uploadByFile("docs/a.txt", "x");
    await svc.delete("docs/a.txt");
    expect(await userKeys(storage)).toEqual([]);
    expect(await svc.getRecord(item.id)).toBeUndefined();
    await expect(svc.uploadByFile(".elemental/files/signing-key", "mine")).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(svc.uploadByFile("../up.txt", "x")).rejects.toMatchObject({ code: "E_INVALID_ARGUMENT" });
    await expect(svc.download(".elemental/files/signing-key")).rejects.toMatchObject({ code: "E_NOT_FOUND" });
  });
});

describe("the sweeper", () => {
  test("runs on its own every sweepIntervalSeconds, and removes temporary objects a day old", async () => {
    const { svc, storage } = await served("Disk", {}, { sweepIntervalSeconds: 1 });
    const item = await svc.uploadByFile("soon.txt", "1 second", undefined, undefined, undefined, 1);
    await storage.uploadByFile(`${RESERVED_PREFIX}tmp/left-behind`, "a crashed upload's spool");
    expect(await userKeys(storage)).toEqual(["soon.txt"]);
    const until = Date.now() + 5000;
    while ((await userKeys(storage)).length > 0 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await userKeys(storage)).toEqual([]);
    expect(await svc.getRecord(item.id)).toBeUndefined();
    expect(await keysOf(storage, `${RESERVED_PREFIX}tmp/`)).toEqual([`${RESERVED_PREFIX}tmp/left-behind`]);
    const realNow = svc.now;
    svc.now = () => realNow() + 25 * 3600 * 1000;
    await svc.sweep();
    expect(await keysOf(storage, `${RESERVED_PREFIX}tmp/`)).toEqual([]);
    svc.now = realNow;
  });
});
