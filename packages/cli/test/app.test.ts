import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execFile } from "node:child_process";
import { REPO, STACK_FRAME, elemental, tempApp } from "./support/elemental";

/** pnpm as the test runner was started with (npm_execpath under `pnpm test`), else the one on PATH. */
function pnpm(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  const execPath = process.env.npm_execpath;
  const [command, prefix] = execPath?.includes("pnpm") ? [process.execPath, [execPath]] : ["pnpm", []];
  const env = { ...process.env };
  for (const name of ["NODE_OPTIONS", "INIT_CWD", "npm_lifecycle_event"]) delete env[name];
  return new Promise((resolve) => {
    execFile(command, [...prefix, ...args], { cwd, env }, (error, stdout) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout }));
  });
}

const STORAGES = path.join(REPO, "packages/storages");

describe("application commands", () => {
  const app = tempApp(
    { appId: "test.Cli", extends: [STORAGES] },
    {
      "storages/Scratch/e.json": { title: "Scratch space", type: "storages.MemoryType" },
      "storages/Scratch/Scratch.json": { baseUrl: "${SCRATCH_URL:-memory://scratch}" },
    },
  );
  afterAll(() => app.remove());
  const inApp = { cwd: app.root };

  it("ls lists the elements with kind, Type, origin and title, as a table or as JSON", async () => {
    const [text, json] = await Promise.all([elemental(["ls"], inApp), elemental(["ls", "--json", "--kind", "instance"], inApp)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^NAME\s+KIND\s+TYPE\s+FROM\s+TITLE$/m);
    expect(text.stdout).toMatch(/^storages\.Scratch\s+instance\s+storages\.MemoryType\s+\.\s+Scratch space$/m);
    expect(text.stdout).toMatch(/^storages\.MemoryType\s+type\s+storages\.Meta\s+elemental\.Storages\s+Memory storage$/m);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      root: app.root,
      appId: "test.Cli",
      elements: [{ fullName: "storages.Scratch", kind: "instance", type: "storages.MemoryType", title: "Scratch space", from: "." }],
      problems: [],
    });
  });

  it("validate exits 0 on a sound application, and types writes the element map", async () => {
    const [validate, types, typesOut] = await Promise.all([
      elemental(["validate", "--json"], inApp),
      elemental(["types"], inApp),
      elemental(["types", "--out", "generated/elements.d.ts", "--json"], { cwd: app.root }),
    ]);
    expect(validate.code).toBe(0);
    expect(JSON.parse(validate.stdout)).toMatchObject({ ok: true, instances: 1, problems: [] });
    expect(types.code).toBe(0);
    expect(types.stdout.trim()).toBe("wrote elemental-env.d.ts (2 elements)");
    const declaration = readFileSync(path.join(app.root, "elemental-env.d.ts"), "utf8");
    expect(declaration).toContain('"storages.Scratch": InstanceType<typeof import(');
    expect(JSON.parse(typesOut.stdout)).toEqual({ file: path.join(app.root, "generated/elements.d.ts"), count: 2 });
    expect(existsSync(path.join(app.root, "generated/elements.d.ts"))).toBe(true);
  });

  it("new scaffolds an instance from the Type's schema and never overwrites one", async () => {
    const made = await elemental(["new", "storages/Inbox", "--type", "storages.MemoryType", "--set", "baseUrl=memory://inbox", "--json"], inApp);
    expect(made.code).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ element: "storages.Inbox", type: "storages.MemoryType", env: [] });
    expect(JSON.parse(readFileSync(path.join(app.root, "storages/Inbox/e.json"), "utf8"))).toEqual({ title: "Inbox", type: "storages.MemoryType" });
    expect(JSON.parse(readFileSync(path.join(app.root, "storages/Inbox/Inbox.json"), "utf8"))).toEqual({ baseUrl: "memory://inbox" });

    const [again, unknownType, badName] = await Promise.all([
      elemental(["new", "storages.Inbox", "--type", "storages.MemoryType"], inApp),
      elemental(["new", "storages/Other", "--type", "storages.S3Typo"], inApp),
      elemental(["new", "storages/9lives", "--type", "storages.MemoryType"], inApp),
    ]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^error E_ELEMENT_EXISTS: storages\.Inbox already exists/);
    expect(unknownType.code).toBe(2);
    expect(unknownType.stderr).toContain("error E_USAGE: storages.S3Typo is not a Type of this application");
    expect(unknownType.stderr).toContain("help: Types here: storages.MemoryType");
    expect(existsSync(path.join(app.root, "storages/Other"))).toBe(false);
    expect(badName.code).toBe(2);
  });

  it("reports usage errors with exit 2, missing things with exit 3, and stack traces only with --debug", async () => {
    const [unknownCommand, badExpires, noElement, noApp, meta, debug] = await Promise.all([
      elemental(["lss"], inApp),
      elemental(["sign", "storages.Scratch", "k", "--expires", "soon"], inApp),
      elemental(["stat", "storages.Scrach", "k", "--json"], inApp),
      elemental(["ls", "--root", "no/such/folder"], inApp),
      elemental(["stat", "storages.Meta", "k"], inApp),
      elemental(["stat", "storages.Scratch", "missing.txt", "--debug"], inApp),
    ]);
    expect(unknownCommand).toMatchObject({ code: 2, stdout: "" });
    expect(unknownCommand.stderr).toMatch(/^error E_USAGE: unknown command 'lss'/);
    expect(badExpires.code).toBe(2);
    expect(badExpires.stderr).toMatch(/^error E_USAGE: --expires needs whole seconds, not "soon"/);
    expect(noElement.code).toBe(3);
    expect(noElement.stderr).toContain('Did you mean "storages.Scratch"');
    expect(JSON.parse(noElement.stdout).error.code).toBe("E_ELEMENT_NOT_FOUND");
    expect(noApp.code).toBe(3);
    expect(noApp.stderr).toMatch(/^error E_APP_NOT_FOUND: no application folder at .*no\/such\/folder/);
    expect(meta.code).toBe(1);
    expect(meta.stderr).toMatch(/^error E_NOT_A_STORAGE: storages\.Meta is a meta, not a storage instance/);
    for (const outcome of [unknownCommand, badExpires, noElement, noApp, meta]) expect(outcome.stderr).not.toMatch(STACK_FRAME);
    expect(debug.code).toBe(3);
    expect(debug.stderr).toMatch(/^error E_NOT_FOUND: getObject\("missing.txt"\) on storages\.Scratch/);
    expect(debug.stderr).toMatch(STACK_FRAME);
  });

  it("runs as the installed bin, and as `pnpm elemental` in the user's folder", async () => {
    const [version, listed, viaPnpm] = await Promise.all([
      elemental(["--version"], { cwd: app.root, bin: true }),
      elemental(["ls", "--json"], { cwd: path.join(app.root, "storages"), bin: true }),
      pnpm(["-C", REPO, "--silent", "elemental", "ls", "--json"], app.root),
    ]);
    expect(version).toMatchObject({ code: 0, stdout: `${require("../package.json").version}\n` });
    expect(JSON.parse(listed.stdout).root).toBe(app.root);
    expect(viaPnpm.code).toBe(0);
    expect(JSON.parse(viaPnpm.stdout)).toMatchObject({ root: app.root, appId: "test.Cli" });
  });
});

describe("validate on a broken application", () => {
  const broken = tempApp(
    { appId: "test.Broken", extends: [STORAGES] },
    {
      "storages/Garbled/e.json": '{ "title": "garbled", ',
      "storages/Untitled/e.json": { type: "storages.MemoryType" },
      "storages/Stray/e.json": { title: "stray", type: "storages.NoSuchType" },
      "storages/Wrong/e.json": { title: "wrong", type: "storages.MemoryType" },
      "storages/Wrong/Wrong.json": { baseUrl: "", colour: "blue" },
      "storages/Unset/e.json": { title: "unset", type: "storages.MemoryType" },
      "storages/Unset/Unset.json": { baseUrl: "${CLI_TEST_UNSET_URL}" },
    },
  );
  afterAll(() => broken.remove());

  it("exits 1 and lists every problem on its own line with its code", async () => {
    const [text, json] = await Promise.all([elemental(["validate"], { cwd: broken.root }), elemental(["validate", "--json"], { cwd: broken.root })]);
    expect(text.code).toBe(1);
    const lines = text.stdout.trim().split("\n");
    expect(lines).toEqual([
      expect.stringMatching(/^E_INVALID_JSON storages\/Garbled\/e\.json:1:\d+: broken JSON/),
      "E_INVALID_DECLARATION storages/Untitled/e.json#/title: is required",
      expect.stringMatching(/^E_UNKNOWN_TYPE storages\/Stray\/e\.json#\/type: "storages\.NoSuchType" is not declared/),
      "E_MISSING_ENV storages/Unset/Unset.json#/baseUrl: environment variable CLI_TEST_UNSET_URL is not set",
      "E_INVALID_CONFIG storages/Wrong/Wrong.json#/colour: is not allowed",
      "E_INVALID_CONFIG storages/Wrong/Wrong.json#/baseUrl: must NOT have fewer than 1 characters",
      `6 problems in ${broken.root}`,
    ]);
    expect(text.stderr).toBe("");
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ ok: false, root: broken.root });
    expect(report.problems.map((p: { code: string }) => p.code)).toEqual([
      "E_INVALID_JSON",
      "E_INVALID_DECLARATION",
      "E_UNKNOWN_TYPE",
      "E_MISSING_ENV",
      "E_INVALID_CONFIG",
      "E_INVALID_CONFIG",
    ]);
  });

  it("takes ${VAR} values from --env-file, resolved against the current folder", async () => {
    writeFileSync(path.join(broken.root, "storages/test.env"), "# values for the test\nCLI_TEST_UNSET_URL=memory://set\n");
    const outcome = await elemental(["validate", "--env-file", "test.env", "--root", ".."], { cwd: path.join(broken.root, "storages") });
    expect(outcome.code).toBe(1);
    expect(outcome.stdout).not.toContain("E_MISSING_ENV");
    expect(outcome.stdout).toContain("5 problems");
  });
});
