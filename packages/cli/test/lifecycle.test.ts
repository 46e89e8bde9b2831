import { existsSync } from "node:fs";
import path from "node:path";
import { REPO, elemental, tempApp } from "./support/elemental";

/** The Type lifecycle from the command line, on a DiskType instance: new runs onCreate, rm-element onDelete. */
describe("new, check and rm-element on a disk storage", () => {
  const app = tempApp({ appId: "test.CliLifecycle", extends: [path.join(REPO, "packages/storage-disk")] });
  const inApp = { cwd: app.root };
  afterAll(() => app.remove());

  it("new runs the Type's onCreate: DiskType makes its directory", async () => {
    const created = await elemental(["new", "storages/Files", "--type", "storages.DiskType", "--set", "directory=appData/files"], inApp);
    expect([created.code, created.stderr]).toEqual([0, ""]);
    expect(created.stdout).toContain("onCreate: ok");
    expect(existsSync(path.join(app.root, "appData/files"))).toBe(true);
  });

  it("check reports each step of the probe, and exits 0", async () => {
    const checked = await elemental(["check", "storages.Files"], inApp);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/^ {2}ok +\d+\.\d ms {2}write a probe object: \.elemental-check\//m);
    expect(checked.stdout).toContain("storages.Files works");
  });

  it("rm-element removes the instance's folder after onDelete, and leaves its data; it refuses a Type", async () => {
    const removed = await elemental(["rm-element", "storages.Files"], inApp);
    expect([removed.code, removed.stdout.trim()]).toEqual([0, expect.stringMatching(/^removed storages\.Files /)]);
    expect(existsSync(path.join(app.root, "storages/Files"))).toBe(false);
    expect(existsSync(path.join(app.root, "appData/files"))).toBe(true);
    const refused = await elemental(["rm-element", "storages.DiskType"], inApp);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining("rm-element removes instances of this application")]);
  });
});
