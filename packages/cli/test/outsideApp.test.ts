import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { STACK_FRAME, elemental } from "./support/elemental";

/** The folders from `dir` up to the file-system root. */
function upwards(dir: string): string[] {
  const parent = path.dirname(dir);
  return parent === dir ? [dir] : [dir, ...upwards(parent)];
}

// Issue 12, defect 6: outside an application, `elemental ls` scanned the whole current folder.
describe("outside an application", () => {
  const folder = mkdtempSync(path.join(tmpdir(), "elemental-no-app-"));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it("every command that needs one fails with E_APP_NOT_FOUND and scans nothing", async () => {
    expect(upwards(folder).filter((dir) => existsSync(path.join(dir, "app.json")))).toEqual([]);
    // Another checkout lying around: the old behaviour walked into it and reported its problems.
    mkdirSync(path.join(folder, "checkout/storages/Broken"), { recursive: true });
    writeFileSync(path.join(folder, "checkout/storages/Broken/e.json"), "{ broken");
    const outcomes = await Promise.all([
      elemental(["ls"], { cwd: folder }),
      elemental(["validate"], { cwd: folder }),
      elemental(["stat", "storages.Files", "x.txt"], { cwd: folder }),
      elemental(["new", "storages/Files", "--type", "storages.DiskType"], { cwd: folder }),
      elemental(["ls", "--json"], { cwd: path.join(folder, "checkout") }),
    ]);
    for (const outcome of outcomes) {
      expect(outcome.code).toBe(3);
      expect(outcome.stderr).toMatch(/^error E_APP_NOT_FOUND: no app\.json here or above /);
      expect(outcome.stderr).toContain("help: ");
      expect(outcome.stderr).not.toContain("Broken");
      expect(outcome.stderr).not.toMatch(STACK_FRAME);
    }
    expect(JSON.parse(outcomes[4]?.stdout ?? "").error.code).toBe("E_APP_NOT_FOUND");
    expect(existsSync(path.join(folder, "storages"))).toBe(false);
  });

  it("--root names an application folder, with or without an app.json", async () => {
    mkdirSync(path.join(folder, "bare"));
    const outcome = await elemental(["ls", "--json", "--root", "bare"], { cwd: folder });
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout).elements).toEqual([]);
  });
});
