import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO, elemental, tempApp } from "./support/elemental";

/** `rm -r`: counts, asks on a terminal, refuses without one unless --yes, and deletes only under the folder-like prefix. */
describe("rm -r", () => {
  const app = tempApp(
    { appId: "test.CliRmR", extends: [path.join(REPO, "packages/storage-disk")] },
    { "storages/Files/e.json": { title: "Files", type: "storages.DiskType" }, "storages/Files/Files.json": { directory: "appData/files" } },
  );
  const inApp = { cwd: app.root };
  const stored = (key: string) => path.join(app.root, "appData/files", key);
  const keys = ["photos/a.jpg", "photos/2024/b.jpg", "photos/2024/c.jpg", "photos2/d.jpg", "keep.txt"];

  beforeEach(() => {
    for (const key of keys) {
      mkdirSync(path.dirname(stored(key)), { recursive: true });
      writeFileSync(stored(key), key);
    }
  });
  afterAll(() => app.remove());

  it("refuses without a terminal and without --yes (exit 2), deleting nothing", async () => {
    const outcome = await elemental(["rm", "-r", "storages.Files", "photos", "--json"], inApp);
    expect(outcome.code).toBe(2);
    expect(JSON.parse(outcome.stdout).error).toEqual({
      code: "E_NOT_CONFIRMED",
      message: "delete 3 objects (46 B) under storages.Files:photos/: not done without a confirmation",
      help: "there is no terminal to ask on: add --yes to confirm in advance",
    });
    expect(keys.every((key) => existsSync(stored(key)))).toBe(true);
  });

  it("deletes every object under the prefix (and not photos2/) with --yes", async () => {
    const outcome = await elemental(["rm", "-r", "storages.Files", "photos", "--yes", "--json"], inApp);
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout)).toEqual({ element: "storages.Files", prefixes: ["photos/"], count: 3, bytes: 46, deleted: 3, errors: [] });
    expect(keys.filter((key) => existsSync(stored(key)))).toEqual(["photos2/d.jpg", "keep.txt"]);
    const again = await elemental(["rm", "-r", "storages.Files", "photos/", "--yes"], inApp);
    expect(again.stdout).toBe("no objects under storages.Files:photos/\n");
  });

  /** Runs the command on a pseudo-terminal (util-linux `script`), typing `answer`. */
  function onTerminal(args: string[], answer: string): { status: number | null; output: string } {
    const command = [
      process.execPath,
      "-C",
      "source",
      "-r",
      require.resolve("ts-node/register", { paths: [REPO] }),
      path.join(REPO, "packages/cli/src/main.ts"),
      ...args,
    ]
      .map((word) => `'${word}'`)
      .join(" ");
    const result = spawnSync("script", ["-qec", command, "/dev/null"], {
      cwd: app.root,
      input: `${answer}\n`,
      env: { ...process.env, TS_NODE_PROJECT: path.join(REPO, "tsconfig.node.json"), NODE_OPTIONS: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    return { status: result.status, output: result.stdout };
  }

  it("asks on a terminal, and deletes only on yes", () => {
    const no = onTerminal(["rm", "-r", "storages.Files", "photos"], "n");
    expect(no.output).toContain("delete 3 objects (46 B) under storages.Files:photos/? [y/N]");
    expect(no.output).toContain("cancelled: nothing deleted");
    expect(no.status).toBe(0);
    expect(existsSync(stored("photos/a.jpg"))).toBe(true);
    const yes = onTerminal(["rm", "-r", "storages.Files", "photos"], "y");
    expect(yes.output).toContain("deleted 3 objects under storages.Files:photos/");
    expect(yes.status).toBe(0);
    expect(existsSync(stored("photos/a.jpg"))).toBe(false);
  });
});
