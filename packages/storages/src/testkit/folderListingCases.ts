import { inPool } from "../pool";
import type { FolderPage } from "../types";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import type { AnyStorage } from "./options";

const PAGE = 1000;

/** Every page of a folder, the first from `first`, each next one from `next` (a fresh element, say). */
async function allPages(first: AnyStorage, next: AnyStorage, prefix: string, pageSize: number): Promise<FolderPage[]> {
  const pages = [await first.listFolder(prefix, { pageSize })];
  for (let cursor = pages[0]?.nextCursor; cursor !== undefined; cursor = pages.at(-1)?.nextCursor) {
    pages.push(await next.listFolder(prefix, { pageSize, cursor }));
    if (pages.length > 10_000) throw new Error("the cursor never ends");
  }
  return pages;
}

function namesOf(pages: FolderPage[]): { files: string[]; folders: string[] } {
  return { files: pages.flatMap((page) => page.files.map((file) => file.name)), folders: pages.flatMap((page) => page.folders) };
}

const byteSorted = (names: string[]): string[] => [...names].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

export function folderListingCases(ctx: SuiteContext): void {
  const fileCount = ctx.options.folderFileCount;
  const folderCount = ctx.options.folderSubfolderCount;
  const big = ctx.key("folders/big/");
  const files = Array.from({ length: fileCount }, (_, i) => `${big}f-${String(i).padStart(5, "0")}.txt`);
  const subfolders = Array.from({ length: folderCount }, (_, i) => `${big}sub-${String(i).padStart(2, "0")}/`);
  // Each sub-folder holds a file and a deeper one: a folder listing shows the folder once, nothing below it.
  const below = subfolders.flatMap((folder) => [`${folder}inner.txt`, `${folder}deeper/leaf.txt`]);
  const around = [ctx.key("folders/bigger.txt"), ctx.key("folders/big-sibling/x.txt")];

  describe(`listFolder (${fileCount} files and ${folderCount} sub-folders in one folder)`, () => {
    beforeAll(async () => {
      await inPool([...files, ...below, ...around], ctx.options.concurrency, (key, i) => ctx.storage.uploadByFile(key, "y".repeat(i % 5)));
    }, ctx.options.slowTimeoutMs);

    afterAll(async () => {
      await ctx.storage.deleteMany([...files, ...below, ...around]);
    }, ctx.options.slowTimeoutMs);

    it(
      `lists exactly the folder's files and sub-folders in pages of ${PAGE}, resumed from a fresh element`,
      async () => {
        const pages = await allPages(ctx.storage, await ctx.reopened(), big, PAGE);
        expect(pages.length).toBe(Math.ceil((fileCount + folderCount) / PAGE));
        for (const page of pages) expect(page.files.length + page.folders.length).toBeLessThanOrEqual(PAGE);
        expect(pages.at(-1)?.nextCursor).toBeUndefined();
        const listed = namesOf(pages);
        expect(listed.files).toEqual(byteSorted(files));
        expect(listed.folders).toEqual(byteSorted(subfolders));
        const sizes = new Map(pages.flatMap((page) => page.files.map((file) => [file.name, file.size] as const)));
        expect(files.map((name) => [name, sizes.get(name)])).toEqual(files.map((name, i) => [name, i % 5]));
      },
      ctx.options.slowTimeoutMs,
    );

    it("lists the level above: the folder, its sibling folder and the file beside them, nothing deeper", async () => {
      const page = await ctx.storage.listFolder(ctx.key("folders/"));
      expect(page.folders).toEqual([ctx.key("folders/big-sibling/"), big]);
      expect(page.files.map((file) => file.name)).toEqual([ctx.key("folders/bigger.txt")]);
      expect(page.files[0]?.lastModified).toBeInstanceOf(Date);
      expect(page.nextCursor).toBeUndefined();
    });

    it("takes a folder without its trailing / as the folder, and gives small pages that add up", async () => {
      const folder = subfolders[0] as string;
      expect(await ctx.storage.listFolder(folder.slice(0, -1))).toEqual(await ctx.storage.listFolder(folder));
      const pages = await allPages(ctx.storage, ctx.storage, folder, 1);
      expect(namesOf(pages)).toEqual({ files: [`${folder}inner.txt`], folders: [`${folder}deeper/`] });
    });

    it("orders by UTF-8 bytes, not JavaScript's UTF-16 order, so a cursor of one entry per page skips nothing", async () => {
      const folder = ctx.key("folders/order/");
      // In UTF-16 "😀" (D83D DE00) sorts before "｡" (FF61); in UTF-8 (F0... vs EF...) after it, as S3 lists.
      // (No name is both a file and a folder: on disk a file cannot also be a folder.)
      const names = ["a b", "a-b", "a/", "a0", "é", "｡", "😀", "😀x/"].map((name) => `${folder}${name}`);
      const keys = names.map((name) => (name.endsWith("/") ? `${name}inside.txt` : name));
      await inPool(keys, ctx.options.concurrency, (key) => ctx.storage.uploadByFile(key, "o"));
      try {
        const pages = await allPages(ctx.storage, await ctx.reopened(), folder, 1);
        const inOrder = pages.flatMap((page) => [...page.files.map((file) => file.name), ...page.folders]);
        expect(inOrder).toEqual(byteSorted(names));
        expect(namesOf(pages).folders).toEqual([`${folder}a/`, `${folder}😀x/`]);
      } finally {
        await ctx.storage.deleteMany(keys);
      }
    });

    it("gives an empty page without a cursor for a folder with nothing in it", async () => {
      expect(await ctx.storage.listFolder(ctx.key("folders/nothing-here/"))).toEqual({ files: [], folders: [] });
    });

    it("resumes after the cursor's name whatever was written meanwhile: nothing twice, nothing that stayed skipped", async () => {
      const folder = ctx.key("folders/moving/");
      const stay = Array.from({ length: 12 }, (_, i) => `${folder}k-${String(i).padStart(2, "0")}`);
      await inPool(stay, ctx.options.concurrency, (key) => ctx.storage.uploadByFile(key, "s"));
      const first = await ctx.storage.listFolder(folder, { pageSize: 5 });
      const added = [`${folder}a-before`, `${folder}k-04b`, `${folder}k-05b`, `${folder}z-after/x`];
      await inPool(added, 4, (key) => ctx.storage.uploadByFile(key, "n"));
      const pages = [first];
      for (let cursor = first.nextCursor; cursor !== undefined; cursor = pages.at(-1)?.nextCursor) {
        pages.push(await ctx.storage.listFolder(folder, { pageSize: 5, cursor }));
      }
      const listed = namesOf(pages);
      expect(new Set(listed.files).size).toBe(listed.files.length);
      expect(listed.files.filter((name) => stay.includes(name))).toEqual(stay);
      expect(listed.files).not.toContain(`${folder}a-before`); // it sorts before the cursor
      expect(listed.files).toEqual(expect.arrayContaining([`${folder}k-04b`, `${folder}k-05b`])); // after it
      expect(listed.folders).toEqual([`${folder}z-after/`]);
      await ctx.storage.deleteMany([...stay, ...added]);
    });

    it("rejects a bad page size or cursor with E_INVALID_ARGUMENT, and a bad folder with E_INVALID_KEY", async () => {
      for (const pageSize of [0, PAGE + 1, 1.5, Number.NaN]) {
        await expectStorageError(ctx.storage, ctx.storage.listFolder(big, { pageSize }), "E_INVALID_ARGUMENT", { operation: "listFolder", key: big });
      }
      const other = (await ctx.storage.listFolder(ctx.key("folders/"), { pageSize: 1 })).nextCursor;
      for (const cursor of ["not a cursor", other]) {
        await expectStorageError(ctx.storage, ctx.storage.listFolder(big, { cursor }), "E_INVALID_ARGUMENT", { operation: "listFolder", key: big });
      }
      for (const prefix of ["/abs/", "a/../b/", "a//b/"]) {
        await expectStorageError(ctx.storage, ctx.storage.listFolder(prefix), "E_INVALID_KEY", { operation: "listFolder", key: prefix });
      }
    });
  });
}
