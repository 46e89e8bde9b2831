import path from "node:path";
import { createApp } from "@elemental/core";
import { getDefaultStorage } from "@elemental/storages";
import { DiskStorage } from "@elemental/storage-disk";
import { diskStorage, removeTemps, tempDir, writeDiskApp } from "./support/diskApp";

afterAll(() => removeTemps());

describe("DiskType configuration", () => {
  it("resolves a relative directory against the application root, and exposes it as rootDir", async () => {
    const { storage, root } = await diskStorage({ directory: "appData/storages/files" });
    expect(storage).toBeInstanceOf(DiskStorage);
    expect(storage.storageType).toBe("storages.DiskType");
    expect(storage.rootDir).toBe(path.join(root, "appData", "storages", "files"));
  });

  it("takes an absolute directory as it is", async () => {
    const directory = tempDir("absolute");
    const { storage } = await diskStorage({ directory });
    await storage.uploadByFile("a.txt", "a");
    expect(storage.rootDir).toBe(directory);
  });

  it("builds URLs from baseUrl and urlPath", async () => {
    const { storage } = await diskStorage({ baseUrl: "https://files.example.com/", urlPath: "/media" });
    const result = await storage.uploadByFile("a b/c.txt", "x");
    expect(result.url).toBe("https://files.example.com/media/a%20b/c.txt");
    expect(await storage.getSignUrl("a b/c.txt", "text/plain", 60)).toMatch(
      /^https:\/\/files\.example\.com\/media\/a%20b\/c\.txt\?expires=\d+&kid=[0-9a-f]{12}&contentType=text%2Fplain&sig=[0-9a-f]{64}$/,
    );
  });

  it("defaults URLs to http://localhost:3000 and the path of the element's fullName", async () => {
    const { storage } = await diskStorage();
    expect(storage.baseUrl).toBe("http://localhost:3000");
    expect(storage.urlPath).toBe("/storages/Files");
  });

  it("accepts syncFolder: true (a folder fsync after each write's rename) and refuses a non-boolean", async () => {
    const { storage } = await diskStorage({ syncFolder: true });
    const { etag } = await storage.uploadByFile("synced/a.txt", "durable", undefined, { metadata: { k: "v" } });
    expect(await storage.getObject("synced/a.txt")).toMatchObject({ etag, metadata: { k: "v" } });
    const root = tempDir("sync");
    writeDiskApp(root, { syncFolder: "yes" } as never);
    await expect(createApp({ root }).then((app) => app.getElement("storages.Files"))).rejects.toMatchObject({ code: "E_INVALID_CONFIG" });
  });

  it("rejects a config without directory, with a bad baseUrl or a short secret, listing every problem", async () => {
    const root = tempDir("bad");
    writeDiskApp(root, { directory: undefined, baseUrl: "ftp://x", signingSecret: "short" } as never);
    const app = await createApp({ root });
    let error: { code?: string; problems?: string[] } = {};
    try {
      app.getElement("storages.Files");
    } catch (thrown) {
      error = thrown as typeof error;
    }
    expect(error.code).toBe("E_INVALID_CONFIG");
    expect(error.problems?.join("\n")).toMatch(/directory/);
    expect(error.problems?.join("\n")).toMatch(/baseUrl/);
    expect(error.problems?.join("\n")).toMatch(/signingSecret/);
  });
});

describe("the repository's root application", () => {
  it("has storages.Default, a DiskType under appData/storages/Default, as its default storage", async () => {
    const root = path.resolve(__dirname, "../../..");
    const app = await createApp({ root });
    expect(app.getDefaultElementName("storage")).toBe("storages.Default");
    const storage = getDefaultStorage<DiskStorage>(app);
    expect(storage).toBeInstanceOf(DiskStorage);
    expect(storage.storageType).toBe("storages.DiskType");
    expect(storage.fullName).toBe("storages.Default");
    expect(storage.rootDir).toBe(path.join(root, "appData", "storages", "Default"));
  });
});

describe("the signing keys stay out of every storage", () => {
  it.each(["appData", ".", "appData/.elemental"])("refuses directory %j, which holds appData/.elemental", async (directory) => {
    const root = tempDir("keys");
    writeDiskApp(root, { directory });
    const app = await createApp({ root });
    expect(() => app.getElement("storages.Files")).toThrow(expect.objectContaining({ code: "E_INVALID_CONFIG", pointer: "/directory" }));
    expect(app.validateConfigs().map((problem) => problem.code)).toEqual(["E_INVALID_CONFIG"]);
  });
});
