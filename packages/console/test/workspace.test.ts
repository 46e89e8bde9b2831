import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { App } from "@elemental/core";
import { ConsoleWorkspace } from "../src/workspace";

test("a view that failed is read again on the next call, not kept", async () => {
  const root = mkdtempSync(path.join(tmpdir(), "elemental-workspace-"));
  writeFileSync(path.join(root, "app.json"), JSON.stringify({ appId: "test.Workspace", title: "workspace" }));
  // A root the file system refuses (a NUL byte) makes the read fail with a non-element error, as an I/O failure would.
  const app = { root: `${root}\0`, env: {} };
  const workspace = new ConsoleWorkspace(app as unknown as App);
  await expect(workspace.view()).rejects.toThrow(/null bytes/);
  app.root = root;
  const view = await workspace.view();
  expect([view.app?.root, view.problems]).toEqual([root, []]);
  rmSync(root, { recursive: true, force: true });
});
