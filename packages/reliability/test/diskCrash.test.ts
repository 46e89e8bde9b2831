import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";
import { nextLine, spawnTs } from "./support/child";
import { seededRandom } from "./support/faultPlan";
import { readVersion } from "./support/seeded";
import { writeApp } from "./support/targets";

// A process writing versions of a few keys to a DiskType storage is killed with SIGKILL at random moments.
// After each kill, every visible object must be whole and one of the versions written, and nothing the
// storage keeps for itself (temporary files, sidecars) may be listed as an object.
const SOAK = process.env.ELEMENTAL_SOAK === "1";
const MIN_KILLS = SOAK ? 100 : 20;
const MIN_WRITES = SOAK ? 5000 : 1000;
const KEYS = ["a.bin", "b.bin", "nested/c.bin", "nested/deeper/d.bin"];

function startedVersions(logFile: string): { byKey: Map<string, Set<number>>; writes: number } {
  const byKey = new Map<string, Set<number>>();
  let writes = 0;
  for (const line of readFileSync(logFile, "utf8").split("\n")) {
    const [what, key, seed] = line.split(" ");
    if (what !== "start" || key === undefined) continue;
    writes++;
    if (!byKey.has(key)) byKey.set(key, new Set());
    byKey.get(key)?.add(Number(seed));
  }
  return { byKey, writes };
}

/** What is wrong with the storage as it is now: objects that are not whole known versions, stray names. */
async function problemsAfterKill(storage: StorageBase, byKey: Map<string, Set<number>>): Promise<string[]> {
  const problems: string[] = [];
  const names: string[] = [];
  for await (const entry of storage.list("")) names.push(entry.name);
  for (const name of names) {
    if (!KEYS.includes(name)) {
      problems.push(`listed ${JSON.stringify(name)}, which is not a key the writer uses`);
      continue;
    }
    const bytes = await storage.download(name);
    const version = readVersion(bytes);
    if ("problem" in version) problems.push(`${name}: ${version.problem}`);
    else if (!byKey.get(name)?.has(version.seed)) problems.push(`${name}: version ${version.seed} was never written`);
    const info = await storage.getObject(name);
    if (info.size !== bytes.length) problems.push(`${name}: getObject says ${info.size} bytes, download gave ${bytes.length}`);
  }
  return problems;
}

function leftoverTempFiles(dir: string): number {
  let count = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) if (entry.isFile() && entry.name.startsWith(".~t")) count++;
  return count;
}

describe("DiskType killed with SIGKILL mid-write", () => {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-rel-crash-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it(`leaves only whole versions after ${MIN_KILLS}+ kills and ${MIN_WRITES}+ writes`, async () => {
    writeApp(root, "disk", "storages.DiskType", { directory: "objects" });
    const logFile = path.join(root, "versions.log");
    const storage = (await createApp({ root, env: {} })).getElement<StorageBase>("storages.Store");
    const random = seededRandom(4242);
    const start = (run: number) => spawnTs("diskWriterChild.ts", [root, logFile, String(run), KEYS.join(",")]);
    let next = start(1);
    let kills = 0;
    let writes = 0;
    const seenProblems: string[] = [];
    while ((kills < MIN_KILLS || writes < MIN_WRITES) && kills < MIN_KILLS * 4) {
      const current = next;
      expect(await nextLine(current.lines)).toBe("ready");
      current.child.stdin?.write("go\n");
      next = start(kills + 2); // loads while the current one writes
      await new Promise((resolve) => setTimeout(resolve, 200 + Math.floor(random() * 800)));
      current.child.kill("SIGKILL");
      expect(await current.exited).toBe("SIGKILL"); // not a crash of its own
      kills++;
      const started = startedVersions(logFile);
      writes = started.writes;
      seenProblems.push(...(await problemsAfterKill(storage, started.byKey)).map((problem) => `after kill ${kills}: ${problem}`));
    }
    next.child.kill("SIGKILL");
    await next.exited;
    console.log(
      `Disk crash test: ${kills} SIGKILLs, ${writes} versions started; ${leftoverTempFiles(path.join(root, "objects"))} temporary files left behind on disk`,
    );
    expect(seenProblems).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    expect(writes).toBeGreaterThanOrEqual(MIN_WRITES);
  }, 240_000);
});
