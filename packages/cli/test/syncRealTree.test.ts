import { readdirSync } from "node:fs";
import path from "node:path";
import { type Outcome, elemental } from "./support/elemental";
import { startElemental } from "./support/spawnElemental";
import { type StorageApp, storageApp } from "./support/storageApp";
import { countFiles, digestTree, installedTree, treeBytes } from "./support/trees";

jest.setTimeout(240_000);

/** The --json report of a sync that exited 0. */
function report(outcome: Outcome): { files: number; bytes: number; skipped: number; deleted: number; failed: number } {
  if (outcome.code !== 0) throw new Error(`sync exited ${outcome.code}: ${outcome.stderr}`);
  return JSON.parse(outcome.stdout);
}

/**
 * `elemental sync` of a real tree (@aws-sdk/client-s3 and its dependencies as pnpm installed them, about 2,700
 * files) through a DiskType, S3 on the local RGW, S3 to S3, and back to a folder; every hop checked file by file.
 */
describe("sync of an installed package tree", () => {
  const tree = installedTree();
  const digests = digestTree(tree);
  const bytes = treeBytes(tree);
  let app: StorageApp;
  let inApp: { cwd: string };
  const sync = (...args: string[]) => elemental(["sync", ...args, "--json"], inApp);

  beforeAll(async () => {
    app = await storageApp("sync");
    inApp = { cwd: app.root };
    expect(digests.size).toBeGreaterThan(2000);
  });
  afterAll(() => app?.remove());

  /** Every file of the tree is an object under the prefix, with the file's MD5 as its ETag (a single PUT on S3). */
  async function expectTreeInS3(prefix: string): Promise<void> {
    const objects = await app.s3Objects(prefix);
    expect(objects.size).toBe(digests.size);
    const mismatched = [...digests].filter(([key, md5]) => objects.get(key) !== md5).map(([key]) => key);
    expect(mismatched).toEqual([]);
  }

  it("sends the tree to a DiskType, then nothing the second time", async () => {
    expect(report(await sync(tree, "storages.Files:tree"))).toMatchObject({ files: digests.size, bytes, skipped: 0, failed: 0 });
    expect(report(await sync(tree, "storages.Files:tree"))).toMatchObject({ files: 0, bytes: 0, skipped: digests.size, failed: 0 });
    expect(digestTree(path.join(app.root, "appData/files/tree"))).toEqual(digests);
  });

  it("sends the tree to S3, byte for byte, then nothing the second time", async () => {
    expect(report(await sync(tree, "storages.S3:tree"))).toMatchObject({ files: digests.size, bytes, failed: 0 });
    await expectTreeInS3("tree/");
    expect(report(await sync(tree, "storages.S3:tree/"))).toMatchObject({ files: 0, skipped: digests.size, failed: 0 });
  });

  it("copies S3 to S3 under another prefix (server-side), then nothing the second time", async () => {
    expect(report(await sync("storages.S3:tree", "storages.S3:copy/of/tree"))).toMatchObject({ files: digests.size, bytes, failed: 0 });
    await expectTreeInS3("copy/of/tree/");
    expect(report(await sync("storages.S3:tree", "storages.S3:copy/of/tree"))).toMatchObject({ files: 0, skipped: digests.size });
  });

  it("moves the DiskType's copy to S3 (storage to storage, streamed), then nothing the second time", async () => {
    expect(report(await sync("storages.Files:tree", "storages.S3:from-disk"))).toMatchObject({ files: digests.size, bytes, failed: 0 });
    await expectTreeInS3("from-disk/");
    expect(report(await sync("storages.Files:tree", "storages.S3:from-disk"))).toMatchObject({ files: 0, skipped: digests.size });
  });

  it("brings the S3 copy back to a folder, byte-identical to the tree, then nothing the second time", async () => {
    const back = path.join(app.root, "back");
    expect(report(await sync("storages.S3:copy/of/tree", back))).toMatchObject({ files: digests.size, bytes, failed: 0 });
    expect(digestTree(back)).toEqual(digests);
    expect(report(await sync("storages.S3:copy/of/tree", back))).toMatchObject({ files: 0, skipped: digests.size });
  });

  it("stops on Ctrl-C (SIGINT) with exit 130 and no partial file, and a rerun finishes", async () => {
    const target = path.join(app.root, "appData/files/interrupted");
    const running = startElemental(["sync", tree, "storages.Files:interrupted", "--concurrency", "2", "--json"], inApp);
    while (countFiles(target) < 100) await new Promise((resolve) => setTimeout(resolve, 50));
    running.child.kill("SIGINT");
    const stopped = await running.exited;
    expect({ code: stopped.code, stderr: stopped.stderr }).toEqual({
      code: 130,
      stderr: expect.stringMatching(/^error E_ABORTED: interrupted after \d+ files; run the same command again to finish$/m),
    });
    const partial = JSON.parse(stopped.stdout);
    expect(partial).toMatchObject({ interrupted: true, failed: 0 });
    expect(partial.files).toBeLessThan(digests.size);
    const names = readdirSync(target, { recursive: true }).map(String);
    expect(names.filter((name) => path.basename(name).startsWith(".~"))).toEqual([]); // DiskType's temporary files
    const rerun = report(await sync(tree, "storages.Files:interrupted"));
    expect(rerun.files + rerun.skipped).toBe(digests.size);
    expect(digestTree(target)).toEqual(digests);
  });

  it("finishes the job when run again after being killed (SIGKILL) half way", async () => {
    const running = startElemental(["sync", tree, "storages.S3:killed", "--concurrency", "4"], inApp);
    // Kill it once some objects have landed, long before all have.
    for (let landed = 0; landed < 200; landed = (await app.s3Objects("killed/")).size) await new Promise((resolve) => setTimeout(resolve, 100));
    running.child.kill("SIGKILL");
    const killed = await running.exited;
    expect(killed.code).toBe(-1);
    const before = (await app.s3Objects("killed/")).size;
    expect(before).toBeGreaterThanOrEqual(200);
    expect(before).toBeLessThan(digests.size);

    const rerun = report(await sync(tree, "storages.S3:killed"));
    expect(rerun.files + rerun.skipped).toBe(digests.size);
    expect(rerun.skipped).toBe(before);
    await expectTreeInS3("killed/");
    expect(report(await sync(tree, "storages.S3:killed"))).toMatchObject({ files: 0, skipped: digests.size });
  });
});
