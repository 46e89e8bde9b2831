import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, elemental, tempApp } from "./support/elemental";

const DISK = path.join(REPO, "packages/storage-disk");
const S3 = path.join(REPO, "packages/storage-s3");

describe("elemental new", () => {
  const app = tempApp(
    { appId: "test.New", extends: [DISK, S3] },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/Files/Files.json": { directory: "appData/files" },
      "storages/Garbled/e.json": "{",
    },
  );
  afterAll(() => app.remove());
  const inApp = { cwd: app.root };

  // Issue 12, defect 2: the tutorial's `new` into a folder that already held the element.
  it("into an existing element's folder says what to do instead, and writes nothing", async () => {
    const before = readFileSync(path.join(app.root, "storages/Files/Files.json"), "utf8");
    const [existing, broken] = await Promise.all([
      elemental(["new", "storages/Files", "--type", "storages.DiskType", "--set", "directory=elsewhere"], inApp),
      elemental(["new", "storages/Garbled", "--type", "storages.DiskType", "--set", "directory=x"], inApp),
    ]);
    expect(existing.code).toBe(1);
    expect(existing.stderr).toMatch(/^error E_ELEMENT_EXISTS: storages\.Files already exists: storages\/Files\/e\.json \(an instance of storages\.DiskType\)/);
    expect(existing.stderr).toContain(
      "help: `new` never overwrites. To use storages.Files as it is, skip `new` (`elemental validate` checks it); to make another, choose a new folder (e.g. storages/Files2); to start it over, delete storages/Files first.",
    );
    expect(readFileSync(path.join(app.root, "storages/Files/Files.json"), "utf8")).toBe(before);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/^error E_ELEMENT_EXISTS: storages\/Garbled\/e\.json already exists/);
    expect(broken.stderr).toContain("delete storages/Garbled first");
  });

  it("refuses a folder discovery never scans, which would hold an element nobody finds", async () => {
    const outcome = await elemental(["new", "appData/Lost", "--type", "storages.DiskType", "--set", "directory=x"], inApp);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^error E_USAGE: "appData" cannot be part of an element name: elements are never looked for under node_modules/m);
    expect(existsSync(path.join(app.root, "appData/Lost"))).toBe(false);
  });

  // Issue 12, defect 4: `new` wrote "<directory>" placeholders, and dropped unknown --set fields.
  it("refuses to leave a required field without a value, and names the --set to pass", async () => {
    const [disk, s3] = await Promise.all([
      elemental(["new", "storages/Photos", "--type", "storages.DiskType"], inApp),
      elemental(["new", "storages/Bucket", "--type", "storages.AwsS3Type", "--json"], inApp),
    ]);
    expect(disk.code).toBe(2);
    expect(disk.stderr).toMatch(/^error E_USAGE: storages\.DiskType needs a value for directory$/m);
    expect(disk.stderr).toContain("help: pass --set directory=<value>");
    expect(s3.code).toBe(2);
    expect(JSON.parse(s3.stdout).error).toMatchObject({
      code: "E_USAGE",
      message: "storages.AwsS3Type needs a value for bucketName",
      help: expect.stringContaining("--set bucketName=<value>"),
    });
    expect(existsSync(path.join(app.root, "storages/Photos"))).toBe(false);
    expect(existsSync(path.join(app.root, "storages/Bucket"))).toBe(false);
  });

  it("refuses an unknown --set field with a did-you-mean", async () => {
    const outcome = await elemental(["new", "storages/Photos", "--type", "storages.DiskType", "--set", "directory=a", "--set", "direcory=b"], inApp);
    expect(outcome.code).toBe(2);
    expect(outcome.stderr).toMatch(/^error E_USAGE: --set direcory: storages\.DiskType has no config field "direcory"\. Did you mean "directory"\?/);
    expect(outcome.stderr).toMatch(/help: its fields: directory, baseUrl, urlPath, signingSecret, syncFolder/);
    expect(existsSync(path.join(app.root, "storages/Photos"))).toBe(false);
  });

  it("writes real values only, and validate rejects a placeholder written by hand or by an older `new`", async () => {
    const made = await elemental(["new", "storages/Photos", "--type", "storages.DiskType", "--set", "directory=appData/photos", "--json"], inApp);
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({
      element: "storages.Photos",
      env: [],
      optional: ["baseUrl", "urlPath", "signingSecret", "syncFolder", "maxUploadBytes"],
    });
    writeFileSync(path.join(app.root, "storages/Photos/Photos.json"), JSON.stringify({ directory: "<directory>" }));
    const [validate, put] = await Promise.all([elemental(["validate"], inApp), elemental(["put", "storages.Photos", "app.json"], inApp)]);
    expect(validate.code).toBe(1);
    expect(validate.stdout).toContain('E_INVALID_CONFIG storages/Photos/Photos.json#/directory: is a placeholder ("<...>"); replace it with a real value');
    expect(put.code).toBe(1);
    expect(put.stderr).toMatch(/^error E_INVALID_CONFIG: storages\.Photos has an invalid config/);
    expect(existsSync(path.join(app.root, "<directory>"))).toBe(false);
  });
});
