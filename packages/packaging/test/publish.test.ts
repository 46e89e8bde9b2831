import { execFileSync, spawnSync } from "node:child_process";
import path from "node:path";
import { tarballs } from "./support/outsideApp";

/** What `npm publish` would send, read back from each tarball as the registry would get it. */
describe.each(tarballs().map((file) => [path.basename(file), file]))("%s", (_name, tarball) => {
  const files = execFileSync("tar", ["-tzf", tarball], { encoding: "utf8" }).trim().split("\n");
  const manifest = JSON.parse(execFileSync("tar", ["-xzOf", tarball, "package/package.json"], { encoding: "utf8" })) as {
    exports: Record<string, unknown>;
    main: string;
    types: string;
    engines: { node: string };
    dependencies?: Record<string, string>;
    license: string;
    repository: { url: string };
  };

  test("holds the built JavaScript, declarations and README, and no tests or build state", () => {
    expect(files).toEqual(
      expect.arrayContaining(["package/package.json", "package/README.md", "package/dist/index.js", "package/dist/index.d.ts", "package/dist/index.js.map"]),
    );
    expect(files.filter((file) => /\/(test|\.tsc)\/|tsbuildinfo$/.test(file))).toEqual([]);
  });

  test("points every export at built files, types first, with no workspace range or source condition left", () => {
    expect(manifest.main).toBe("./dist/index.js");
    expect(manifest.types).toBe("./dist/index.d.ts");
    for (const [subpath, target] of Object.entries(manifest.exports)) {
      if (typeof target === "string") continue;
      expect([subpath, Object.keys(target as object)]).toEqual([subpath, ["types", "default"]]);
      for (const file of Object.values(target as Record<string, string>)) expect(files).toContain(`package/${file.slice(2)}`);
    }
    expect(JSON.stringify(manifest.dependencies ?? {})).not.toContain("workspace:");
    expect(manifest).toEqual(expect.objectContaining({ engines: { node: ">=20" }, license: "MIT" }));
    expect(manifest.repository.url).toMatch(/^git\+https:/);
  });

  test("npm publish --dry-run is clean (no warning but the dry run's own login notice)", () => {
    const run = spawnSync("npm", ["publish", "--dry-run", tarball], { encoding: "utf8", env: { ...process.env, npm_config_update_notifier: "false" } });
    expect(run.status).toBe(0);
    const warnings = `${run.stdout}\n${run.stderr}`
      .split("\n")
      .filter((line) => /^npm (warn|error|ERR)/i.test(line) && !/requires you to be logged in/.test(line));
    expect(warnings).toEqual([]);
  });
});
