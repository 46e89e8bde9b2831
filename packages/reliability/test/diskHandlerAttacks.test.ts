import { execFileSync } from "node:child_process";
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readdirSync, readlinkSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp, isElementError } from "@elemental/core";
import { type DiskStorage, type ServedDisk, serveDisk, signingKeyFile } from "@elemental/storage-disk";
import { isStorageError } from "@elemental/storages";
import { nextLine, spawnTs } from "./support/child";
import { rawRequest } from "./support/rawHttp";
import { floodUpload, stalledReaders } from "./support/rawSocket";
import { type StorageTarget, openTarget, writeApp } from "./support/targets";

// Attacks on the Disk handler that a corpus line cannot describe: stalled readers, FIFOs, endless uploads,
// a storage folder that is a link to the application root, and signing keys changed by another process.
// Every wait is bounded: on a handler without the defence, the test fails instead of hanging.

let target: StorageTarget;
let storage: DiskStorage;
let served: ServedDisk;

beforeAll(async () => {
  target = await openTarget("disk");
  storage = target.storage as DiskStorage;
  served = await serveDisk(storage, { idleTimeoutMs: 500 });
});
afterAll(async () => {
  await served?.close();
  await target?.close();
});

const connections = (): Promise<number> =>
  new Promise((resolve, reject) => served.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));
const until = async (check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> => {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 50))) if (await check()) return true;
  return check();
};
const pathOf = (url: string): string => url.slice(new URL(url).origin.length);

it("readers that stop reading are cut off after the idle timeout, and their files are closed", async () => {
  await storage.uploadByFile("big.bin", Buffer.alloc(16 * 1024 * 1024, 7));
  const file = path.join(target.directory as string, "big.bin");
  const openOnFile = (): number =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false;
      }
    }).length;
  const url = await storage.getSignUrl("big.bin");
  const sockets = await stalledReaders(served.url, `GET ${pathOf(url)} HTTP/1.1\r\nHost: x\r\n\r\n`, 20);
  try {
    expect(await until(async () => (await connections()) === 20 && openOnFile() > 0, 3000)).toBe(true);
    expect(await until(async () => (await connections()) === 0 && openOnFile() === 0, 5000)).toBe(true);
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}, 20_000);

it("FIFOs in the folder answer 404 at once and never block a thread (as data or as a sidecar)", async () => {
  const dir = target.directory as string;
  mkdirSync(dir, { recursive: true });
  await storage.uploadByFile("victim.txt", "still served");
  const fifos = [...Array.from({ length: 6 }, (_, i) => path.join(dir, `fifo-${i}`)), path.join(dir, ".~m.victim.txt")];
  execFileSync(
    "mkfifo",
    fifos.filter((fifo) => !fifo.endsWith("victim.txt")),
  );
  rmSync(fifos[6] as string, { force: true });
  execFileSync("mkfifo", [fifos[6] as string]);
  try {
    const started = Date.now();
    const replies = await Promise.all(fifos.slice(0, 6).map(async (fifo) => rawRequest(await storage.getSignUrl(path.basename(fifo)), { timeoutMs: 3000 })));
    expect(replies.map((reply) => reply.status)).toEqual(Array(6).fill(404));
    const victim = await rawRequest(await storage.getSignUrl("victim.txt"), { timeoutMs: 3000 });
    expect([victim.status, victim.body.toString()]).toEqual([200, "still served"]);
    const direct = await Promise.race([
      storage.download("fifo-0").then(
        () => "read",
        (error: unknown) => (isStorageError(error) ? error.code : "other"),
      ),
      new Promise((resolve) => setTimeout(() => resolve("hung"), 3000)),
    ]);
    expect(direct).toBe("E_NOT_FOUND");
    expect(Date.now() - started).toBeLessThan(5000);
  } finally {
    for (const fifo of fifos) {
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK)); // frees a reader blocked on it, if any
      } catch {
        // no reader: nothing was blocked
      }
      rmSync(fifo, { force: true });
    }
  }
}, 20_000);

it("an upload that goes on past its signed maxBytes gets 413, is not stored, and its connection closes", async () => {
  const upload = await storage.getUploadUrl("flood/limited.bin", "application/octet-stream", 60, { maxBytes: 1024 * 1024 });
  const head = `PUT ${pathOf(upload.url)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const flood = await floodUpload(served.url, head, 4000);
  expect(flood.closed).toBe(true);
  expect(flood.answer).toMatch(/^HTTP\/1\.1 413 /);
  expect(flood.written).toBeLessThan(64 * 1024 * 1024);
  expect(await storage.exists("flood/limited.bin")).toBe(false);
}, 20_000);

it("a refused upload (bad signature) has its connection closed instead of its body read on", async () => {
  const upload = await storage.getUploadUrl("flood/refused.bin", "application/octet-stream", 60);
  const forged = upload.url.replace(/sig=([0-9a-f])/, (_, c: string) => `sig=${c === "0" ? "1" : "0"}`);
  const head = `PUT ${pathOf(forged)} HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n`;
  const flood = await floodUpload(served.url, head, 4000);
  expect(flood.closed).toBe(true);
  expect(flood.answer).toMatch(/^HTTP\/1\.1 403 /);
  expect(flood.written).toBeLessThan(64 * 1024 * 1024);
  expect(await storage.exists("flood/refused.bin")).toBe(false);
}, 20_000);

describe("the rule that a storage folder may not hold the signing keys, on real paths", () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });
  const appWith = (directory: string): string => {
    const root = mkdtempSync(path.join(tmpdir(), "elemental-rel-keys-"));
    roots.push(root);
    writeApp(root, "disk", "storages.DiskType", { directory });
    return root;
  };

  it("refuses a directory that is a symbolic link to the application root", async () => {
    const root = appWith("appData/everything");
    mkdirSync(path.join(root, "appData"), { recursive: true });
    symlinkSync(root, path.join(root, "appData", "everything"));
    let thrown: unknown;
    try {
      const linked = (await createApp({ root })).getElement<DiskStorage>("storages.Store");
      await linked.getSignUrl("appData/.elemental/disk-signing.key"); // would make the key, then sign a URL that serves it
    } catch (error) {
      thrown = error;
    }
    expect(isElementError(thrown) || isStorageError(thrown) ? (thrown as { code: string }).code : thrown).toBe("E_INVALID_CONFIG");
  });

  it("refuses to sign or serve once the directory has become such a link after the storage was made", async () => {
    const root = appWith("data/files");
    const later = (await createApp({ root })).getElement<DiskStorage>("storages.Store");
    await later.getSignUrl("x.txt"); // the key file exists now
    mkdirSync(path.join(root, "data"), { recursive: true });
    symlinkSync(root, path.join(root, "data", "files"));
    const servedLater = await serveDisk(later);
    try {
      const code = await later.getSignUrl("appData/.elemental/disk-signing.key").then(
        () => "signed",
        (error: unknown) => (isStorageError(error) ? error.code : "other"),
      );
      expect(code).toBe("E_INVALID_CONFIG");
    } finally {
      await servedLater.close();
    }
  });
});

describe("signing keys changed by another process, without a restart", () => {
  let root: string;
  let app: DiskStorage;
  let own: ServedDisk;
  const through = (url: string): string => `${own.url}${pathOf(url)}`;
  const status = async (url: string): Promise<number | undefined> => (await rawRequest(through(url))).status;
  const inChild = async (args: string[]): Promise<string> => {
    const { lines, exited } = spawnTs("keyChild.ts", args);
    const line = await nextLine(lines);
    await exited;
    return line;
  };

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), "elemental-rel-rotate-"));
    writeApp(root, "disk", "storages.DiskType", { directory: "data/objects" });
    app = (await createApp({ root })).getElement<DiskStorage>("storages.Store");
    own = await serveDisk(app);
    await app.uploadByFile("k.txt", "keyed");
  });
  afterAll(async () => {
    await own?.close();
    rmSync(root, { recursive: true, force: true });
  });

  it("deleting the key file revokes the URLs it signed, and a key made by another process is used at once", async () => {
    const before = await app.getSignUrl("k.txt");
    expect(await status(before)).toBe(200);
    rmSync(signingKeyFile(root));
    expect(await status(before)).toBe(403);
    const fromChild = await inChild(["sign", root, "k.txt"]);
    expect(await status(fromChild)).toBe(200);
    expect(new URL(await app.getSignUrl("k.txt")).searchParams.get("kid")).toBe(new URL(fromChild).searchParams.get("kid"));
  }, 60_000);

  it("a rotation in another process keeps old URLs valid for its grace period, and no longer", async () => {
    const old = await app.getSignUrl("k.txt");
    expect(await inChild(["rotate", root, "3600"])).toBe("rotated");
    const fresh = await app.getSignUrl("k.txt");
    expect(new URL(fresh).searchParams.get("kid")).not.toBe(new URL(old).searchParams.get("kid"));
    expect([await status(old), await status(fresh)]).toEqual([200, 200]);
    // Each rotation gives the key it retires its own grace: `old` keeps its hour, `fresh` gets none.
    expect(await inChild(["rotate", root, "0"])).toBe("rotated");
    expect([await status(old), await status(fresh)]).toEqual([200, 403]);
    expect(await status(await app.getSignUrl("k.txt"))).toBe(200);
  }, 60_000);
});
