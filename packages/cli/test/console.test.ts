import path from "node:path";
import { buildClientWhenStale } from "../../console/test/support/buildClient";
import { REPO, tempApp } from "./support/elemental";
import { type Running, startElemental } from "./support/spawnElemental";

jest.setTimeout(60_000);

/** `elemental console` as a user runs it: one URL with the token on stdout, the token needed, Ctrl-C stops it. */
describe("console", () => {
  const app = tempApp(
    { appId: "test.CliConsole", extends: [path.join(REPO, "packages/storage-disk")] },
    {
      "storages/Files/e.json": { title: "Files", type: "storages.DiskType" },
      "storages/Files/Files.json": { directory: "appData/files" },
    },
  );
  let running: Running;
  let url = "";

  beforeAll(async () => {
    buildClientWhenStale();
    running = startElemental(["console", "--no-open"], { cwd: app.root });
    url = (await running.waitFor(/^console: (http:\/\/127\.0\.0\.1:\d+\/console\/\?token=[\w-]{32})$/m))[1] as string;
  });
  afterAll(() => {
    running?.child.kill("SIGKILL");
    app.remove();
  });

  it("prints its URL once, on loopback, with a random token that every request needs", async () => {
    expect(running.stdout().match(/token=/g)).toHaveLength(1);
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/console/`)).status).toBe(401);
    const opened = await fetch(url, { redirect: "manual" });
    expect(opened.status).toBe(303);
    const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const elements = await fetch(`${origin}/console/api/elements`, { headers: { cookie } });
    expect(elements.status).toBe(200);
    const names = ((await elements.json()) as { elements: Array<{ fullName: string }> }).elements.map((e) => e.fullName);
    expect(names).toContain("storages.Files");
  });

  it("stops on Ctrl-C (SIGINT) with exit 0", async () => {
    running.child.kill("SIGINT");
    const stopped = await running.exited;
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toMatch(/^console stopped \(SIGINT\)$/m);
    await expect(fetch(url)).rejects.toThrow();
  });
});
