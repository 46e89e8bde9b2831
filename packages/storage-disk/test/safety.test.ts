import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { type StorageErrorCode, isStorageError } from "@elemental/storages";
import { type DiskStorage, type ServedDisk, serveDisk } from "@elemental/storage-disk";
import { diskStorage, removeTemps, tempDir } from "./support/diskApp";

let storage: DiskStorage;
let outside: string;
let snapshotBefore: string;
let served: ServedDisk;

/** Every entry under a folder with its size, mode and mtime: proof that nothing there changed. */
function snapshot(dir: string): string {
  const lines: string[] = [];
  const walk = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      const file = path.join(current, name);
      const stats = lstatSync(file);
      lines.push(`${path.relative(dir, file)} ${stats.size} ${stats.mode} ${stats.mtimeMs}`);
      if (stats.isDirectory()) walk(file);
    }
  };
  walk(dir);
  return lines.join("\n");
}

async function codeOf(promise: Promise<unknown>): Promise<StorageErrorCode | string> {
  try {
    await promise;
  } catch (error) {
    if (isStorageError(error)) {
      expect(error.message).not.toContain(outside);
      return error.code;
    }
    return `not a StorageError: ${String(error)}`;
  }
  return "resolved";
}

beforeAll(async () => {
  ({ storage } = await diskStorage());
  outside = tempDir("outside");
  writeFileSync(path.join(outside, "secret.txt"), "outside secret");
  mkdirSync(storage.rootDir, { recursive: true });
  symlinkSync(outside, path.join(storage.rootDir, "link"));
  symlinkSync(path.join(outside, "secret.txt"), path.join(storage.rootDir, "secret-link.txt"));
  mkdirSync(path.join(storage.rootDir, "inside"));
  writeFileSync(path.join(storage.rootDir, "inside", "real.txt"), "inside bytes");
  symlinkSync(path.join(storage.rootDir, "inside"), path.join(storage.rootDir, "alias"));
  snapshotBefore = snapshot(outside);
  served = await serveDisk(storage);
});

afterAll(async () => {
  await served.close();
  removeTemps();
});

afterEach(() => {
  expect(snapshot(outside)).toBe(snapshotBefore);
});

describe("keys that try to leave the root", () => {
  it.each(["../x", "/etc/passwd", "a\\..\\x", "a/../../x", "..", "a/./b"])("%j is refused with E_INVALID_KEY by every operation", async (key) => {
    expect(await codeOf(storage.uploadByFile(key, "evil"))).toBe("E_INVALID_KEY");
    expect(await codeOf(storage.download(key))).toBe("E_INVALID_KEY");
    expect(await codeOf(storage.getObject(key))).toBe("E_INVALID_KEY");
    expect(await codeOf(storage.delete(key))).toBe("E_INVALID_KEY");
    expect(await codeOf(storage.getSignUrl(key))).toBe("E_INVALID_KEY");
    expect(await codeOf(storage.copy("inside/real.txt", key))).toBe("E_INVALID_KEY");
  });

  it("refuses to write through a link to a folder outside the root, with E_ACCESS_DENIED", async () => {
    expect(await codeOf(storage.uploadByFile("link/evil.txt", "evil"))).toBe("E_ACCESS_DENIED");
    expect(await codeOf(storage.uploadByFile("link/deeper/evil.txt", "evil"))).toBe("E_ACCESS_DENIED");
    expect(await codeOf(storage.copy("inside/real.txt", "link/copied.txt"))).toBe("E_ACCESS_DENIED");
    expect(await codeOf(storage.move("inside/real.txt", "link/moved.txt"))).toBe("E_ACCESS_DENIED");
    expect(readFileSync(path.join(storage.rootDir, "inside", "real.txt"), "utf8")).toBe("inside bytes");
  });

  it("refuses to read, stat, copy, move or delete through links that lead out of the root", async () => {
    for (const key of ["link/secret.txt", "secret-link.txt"]) {
      expect(await codeOf(storage.download(key))).toBe("E_ACCESS_DENIED");
      expect(await codeOf(storage.downloadStream(key))).toBe("E_ACCESS_DENIED");
      expect(await codeOf(storage.getObject(key))).toBe("E_ACCESS_DENIED");
      expect(await codeOf(storage.exists(key))).toBe("E_ACCESS_DENIED");
      expect(await codeOf(storage.delete(key))).toBe("E_ACCESS_DENIED");
      expect(await codeOf(storage.copy(key, "stolen.txt"))).toBe("E_ACCESS_DENIED");
      expect(await codeOf(storage.move(key, "stolen.txt"))).toBe("E_ACCESS_DENIED");
    }
    expect(await storage.exists("stolen.txt")).toBe(false);
  });

  it("refuses to replace a link that leads out of the root", async () => {
    expect(await codeOf(storage.uploadByFile("secret-link.txt", "overwrite"))).toBe("E_ACCESS_DENIED");
    expect(lstatSync(path.join(storage.rootDir, "secret-link.txt")).isSymbolicLink()).toBe(true);
  });

  it("refuses to list through a link out of the root, and leaves such links out of listings", async () => {
    expect(
      await codeOf(
        (async () => {
          for await (const entry of storage.list("link/")) void entry;
        })(),
      ),
    ).toBe("E_ACCESS_DENIED");
    const names: string[] = [];
    for await (const entry of storage.list("")) names.push(entry.name);
    expect(names).toEqual(["inside/real.txt"]);
  });

  it("answers a signed URL through an escaping link with 403 and no path in the body", async () => {
    const response = await fetch(await storage.getSignUrl("link/secret.txt"));
    expect(response.status).toBe(403);
    const answer = Buffer.from(await response.arrayBuffer()).toString();
    expect(answer).not.toContain("outside secret");
    expect(answer).not.toContain(outside);
    expect(answer).not.toContain(storage.rootDir);
  });

  it("follows links that stay inside the root", async () => {
    expect((await storage.download("alias/real.txt")).toString()).toBe("inside bytes");
    await storage.uploadByFile("alias/new.txt", "through the alias");
    expect(readFileSync(path.join(storage.rootDir, "inside", "new.txt"), "utf8")).toBe("through the alias");
    await storage.delete("alias/new.txt");
    expect(await storage.exists("inside/new.txt")).toBe(false);
  });

  it("keeps error messages free of the storage's absolute path", async () => {
    let message = "";
    try {
      await storage.download("inside/missing.txt");
    } catch (error) {
      message = (error as Error).message;
      expect((error as { code?: string }).code).toBe("E_NOT_FOUND");
    }
    expect(message).toContain("inside/missing.txt");
    expect(message).not.toContain(storage.rootDir);
  });
});

describe("file names on disk", () => {
  it("stores keys whose segments start with the storage's reserved .~ prefix without clashing with its own files", async () => {
    await storage.uploadByFile("odd/.~m.x", "looks like a sidecar", "text/plain");
    await storage.uploadByFile("odd/x", "plain x", "text/csv");
    await storage.uploadByFile("odd/.~tmp", "looks like a temp file");
    expect((await storage.download("odd/.~m.x")).toString()).toBe("looks like a sidecar");
    expect((await storage.getObject("odd/x")).contentType).toBe("text/csv");
    const names: string[] = [];
    for await (const entry of storage.list("odd/")) names.push(entry.name);
    expect(names).toEqual(["odd/.~m.x", "odd/.~tmp", "odd/x"]);
    await storage.deleteMany(names);
  });

  it("refuses an object under a key that is a folder of others, and a key below an object, with E_PRECONDITION_FAILED", async () => {
    await storage.uploadByFile("tree/leaf.txt", "leaf");
    expect(await codeOf(storage.uploadByFile("tree", "not a folder"))).toBe("E_PRECONDITION_FAILED");
    expect(await codeOf(storage.uploadByFile("tree/leaf.txt/below", "no"))).toBe("E_PRECONDITION_FAILED");
    expect(await codeOf(storage.getObject("tree"))).toBe("E_NOT_FOUND");
    expect(await codeOf(storage.download("tree/leaf.txt/below"))).toBe("E_NOT_FOUND");
    expect(statSync(path.join(storage.rootDir, "tree")).isDirectory()).toBe(true);
    await storage.delete("tree"); // a folder is not an object: nothing happens
    expect((await storage.download("tree/leaf.txt")).toString()).toBe("leaf");
    await storage.delete("tree/leaf.txt");
  });

  it("refuses a key segment too long for a file name with E_INVALID_KEY", async () => {
    expect(await codeOf(storage.uploadByFile(`long/${"x".repeat(300)}`, "x"))).toBe("E_INVALID_KEY");
  });
});
