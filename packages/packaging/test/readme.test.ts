import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { OutsideApp, expectOk } from "./support/outsideApp";
import { tutorialScript } from "./support/readmeTutorial";

const README = path.resolve(__dirname, "../../../README.md");

describe("the README's five-minute tutorial", () => {
  let folder: string;

  beforeAll(() => {
    // Beside a clone whose `pack:all` has run: ../elemental/packs holds the tarballs.
    folder = mkdtempSync(path.join(tmpdir(), "elemental-tutorial-"));
    mkdirSync(path.join(folder, "elemental"));
    symlinkSync(process.env.ELEMENTAL_PACKS ?? "", path.join(folder, "elemental/packs"));
  });

  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test("runs as written, outside the repository, from the packed packages", async () => {
    const script = tutorialScript(readFileSync(README, "utf8"), "A five-minute tutorial");
    writeFileSync(path.join(folder, "tutorial.sh"), script);
    const shell = new OutsideApp(process.execPath, folder);
    const outcome = expectOk(await shell.run("bash", ["-euo", "pipefail", "tutorial.sh"]), "the tutorial");
    expect(outcome.stdout).toContain("ok: "); // validate
    expect(outcome.stdout.match(/Hello, Elemental!/g)?.length).toBe(3); // npm start, then files.ts twice
    expect(outcome.stdout).toContain("E_NOT_FOUND");
    expect(outcome.stdout).toContain('"name": "my-app"'); // get ... - | head -3 printed package.json
    const media = JSON.parse(readFileSync(path.join(folder, "my-app/storages/Media/Media.json"), "utf8"));
    expect(media).toEqual(expect.objectContaining({ bucketName: "my-bucket", region: "eu-west-1", accessKeySecret: "${MEDIA_ACCESS_KEY_SECRET}" }));
  }, 600_000);
});
