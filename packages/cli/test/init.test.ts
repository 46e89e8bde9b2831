import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { elemental } from "./support/elemental";

// What `elemental init` writes and never overwrites. The scaffold used for real (npm install, npm start,
// tsc on main.ts) is tested outside the workspace in packages/packaging.
describe("elemental init", () => {
  let folder: string;
  beforeEach(() => {
    folder = mkdtempSync(path.join(tmpdir(), "elemental-init-"));
  });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));
  const read = (file: string): string => readFileSync(path.join(folder, file), "utf8");

  it("makes a new folder an application whose default storage is a DiskType under appData/", async () => {
    const outcome = await elemental(["init", "Shop App"], { cwd: folder });
    expect(outcome.code).toBe(0);
    const root = "Shop App";
    expect(JSON.parse(read(`${root}/app.json`))).toEqual(
      expect.objectContaining({
        extends: ["@elemental/storage-disk", "@elemental/storage-s3"],
        settings: { defaultElement: { defaultStorage: "storages.Default" } },
      }),
    );
    expect(JSON.parse(read(`${root}/storages/Default/e.json`))).toEqual({ title: "Default storage", type: "storages.DiskType" });
    expect(JSON.parse(read(`${root}/storages/Default/Default.json`))).toEqual({ directory: "appData/files" });
    const pkg = JSON.parse(read(`${root}/package.json`));
    expect(pkg.name).toBe("shop-app");
    expect(Object.keys(pkg.dependencies).sort()).toEqual(["@elemental/core", "@elemental/storage-disk", "@elemental/storage-s3", "@elemental/storages"]);
    expect(pkg.dependencies["@elemental/core"]).toMatch(/^\^\d+\.\d+\.\d+/);
    expect(pkg.scripts.start).toBe("tsx main.ts");
    expect(read(`${root}/main.ts`)).toContain('app.getElement("storages.Default")');
    expect(JSON.parse(read(`${root}/tsconfig.json`)).include).toContain("elemental-env.d.ts");
    expect(read(`${root}/.gitignore`)).toBe("node_modules/\nappData/\n");
    // The packages are not installed in a temp folder: the element map waits for npm install.
    expect(outcome.stdout).toContain("next: npm install && npx elemental types && npm start");
  });

  it("adds to an existing project without changing a value or file that is there", async () => {
    const pkg = { name: "legacy", version: "3.1.4", scripts: { start: "node server.js" }, dependencies: { "@elemental/core": "1.2.3", express: "^5.0.0" } };
    writeFileSync(path.join(folder, "package.json"), JSON.stringify(pkg));
    writeFileSync(path.join(folder, ".gitignore"), "dist");
    writeFileSync(path.join(folder, "main.ts"), "// mine\n");
    const outcome = await elemental(["init"], { cwd: folder });
    expect(outcome.code).toBe(0);
    const merged = JSON.parse(read("package.json"));
    expect(merged).toEqual(expect.objectContaining({ name: "legacy", version: "3.1.4" }));
    expect(merged.scripts).toEqual(expect.objectContaining({ start: "node server.js", types: "elemental types" }));
    expect(merged.dependencies).toEqual(
      expect.objectContaining({ "@elemental/core": "1.2.3", express: "^5.0.0", "@elemental/storage-disk": expect.any(String) }),
    );
    expect(read("main.ts")).toBe("// mine\n");
    expect(read(".gitignore")).toBe("dist\nnode_modules/\nappData/\n");
    expect(outcome.stdout).toContain("kept main.ts (it exists)");
    expect(existsSync(path.join(folder, "app.json"))).toBe(true);
  });

  it("refuses a folder that is already an application, writing nothing", async () => {
    mkdirSync(path.join(folder, "storages"));
    writeFileSync(path.join(folder, "app.json"), "{}");
    const outcome = await elemental(["init", "--json"], { cwd: folder });
    expect(outcome.code).toBe(1);
    expect(JSON.parse(outcome.stdout).error.code).toBe("E_APP_EXISTS");
    expect(existsSync(path.join(folder, "package.json"))).toBe(false);
  });

  it("refuses a package.json it cannot read, writing nothing", async () => {
    // In a sub-folder: a broken package.json in the current folder would stop the test's ts-node first.
    mkdirSync(path.join(folder, "broken"));
    writeFileSync(path.join(folder, "broken/package.json"), "{ nope");
    const outcome = await elemental(["init", "broken"], { cwd: folder });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).toContain("error E_INVALID_JSON: broken/package.json is not valid JSON");
    expect(read("broken/package.json")).toBe("{ nope");
    expect(existsSync(path.join(folder, "broken/app.json"))).toBe(false);
  });
});
