import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import { type FolderPage, type StorageBase, instanceFiles, writeInstanceFiles } from "@elemental/storages";
import { type ConsoleFixture, parentApp, startConsole, stopConsoles } from "./support/consoleApp";
import { type Session, session } from "./support/session";

let fixture: ConsoleFixture;
let api: Session;

beforeAll(async () => {
  fixture = await startConsole();
  api = await session(fixture);
});
afterAll(stopConsoles);

test("editing an instance keeps a masked secret as stored, writes the rest, and checks the storage again", async () => {
  const file = path.join(fixture.root, "storages/Cloud/Cloud.json");
  const before = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
  const shown = (await api.get<{ config: Record<string, unknown> }>("elements/storages.Cloud")).body.config;
  const saved = await api.send<{ saved: boolean; problems: unknown[]; check: { ok: boolean } }>("PUT", "instances/storages.Cloud", {
    config: { ...shown, publicBaseUrl: "https://cdn.example.com" },
  });
  expect(saved.status).toBe(200);
  expect(saved.body).toMatchObject({ saved: true, problems: [], check: { ok: true } });
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual({ ...before, publicBaseUrl: "https://cdn.example.com" });
  expect(fixture.log.at(-1)).toMatch(/^edited storages\.Cloud: /);
  expect(fixture.log.join("\n")).not.toContain(process.env.S3_SECRET_KEY as string);
});

test("an edit the schema refuses is not written, and comes back with validate's messages", async () => {
  const file = path.join(fixture.root, "storages/Files/Files.json");
  const before = readFileSync(file, "utf8");
  const saved = await api.send<{ saved: boolean; problems: Array<{ pointer: string; message: string }> }>("PUT", "instances/storages.Files", {
    config: { directory: "appData/files", syncFolder: "yes" },
  });
  expect(saved.body.saved).toBe(false);
  expect(saved.body.problems).toEqual([expect.objectContaining({ pointer: "/syncFolder", message: `${file}#/syncFolder: must be boolean` })]);
  expect(readFileSync(file, "utf8")).toBe(before);
});

test("a folder of 450 objects is listed 200 at a time with the cursor, files and sub-folders apart; search finds by prefix at any depth", async () => {
  const app = await createApp({ root: fixture.root });
  const files = app.getElement<StorageBase<object>>("storages.Files");
  const names = Array.from({ length: 450 }, (_, i) => `many/${String(i).padStart(3, "0")}.txt`);
  for (let i = 0; i < names.length; i += 50) await Promise.all(names.slice(i, i + 50).map((name) => files.uploadByFile(name, "x")));
  await files.uploadByFile("many/sub/deep-042.txt", "x");
  const listed: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await api.get<FolderPage>(`storages/storages.Files/folder?prefix=many/${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`);
    expect(page.status).toBe(200);
    listed.push(...page.body.files.map((file) => file.name), ...page.body.folders);
    cursor = page.body.nextCursor;
    pages++;
  } while (cursor);
  expect(pages).toBe(3);
  expect(listed.sort()).toEqual([...names, "many/sub/"].sort());
  const found = await api.get<{ files: Array<{ name: string }>; more: boolean }>("storages/storages.Files/search?prefix=many/04");
  expect(found.body.files.map((file) => file.name)).toEqual(names.slice(40, 50));
  const deep = await api.get<{ files: Array<{ name: string }> }>("storages/storages.Files/search?prefix=many/sub/deep");
  expect(deep.body.files.map((file) => file.name)).toEqual(["many/sub/deep-042.txt"]);
  await app.close();
});

test("a bad key or cursor is a 400 with the storage's code, and an unknown storage a 404", async () => {
  expect((await api.get<{ code: string }>("storages/storages.Files/folder?prefix=../up")).body.code).toBe("E_INVALID_KEY");
  const bad = await api.get<{ code: string }>("storages/storages.Files/folder?cursor=nonsense");
  expect([bad.status, bad.body.code]).toEqual([400, "E_INVALID_ARGUMENT"]);
  const missing = await api.get<{ code: string }>("storages/storages.Nope/folder");
  expect([missing.status, missing.body.code]).toEqual([404, "E_ELEMENT_NOT_FOUND"]);
});

test("the tree reads the declarations again: an instance written by another tool (here `elemental new`'s code) appears", async () => {
  writeInstanceFiles(instanceFiles(fixture.root, ["storages", "Outside"]), { title: "Outside", type: "storages.DiskType" }, { directory: "appData/outside" });
  const tree = await api.get<{ elements: Array<{ fullName: string; origin: string }> }>("elements");
  expect(tree.body.elements).toContainEqual(expect.objectContaining({ fullName: "storages.Outside", origin: "declared" }));
});

test("an instance inherited from a parent application is not edited: the parent's file stays as it is", async () => {
  const parent = parentApp();
  const child = await startConsole({ parents: [parent] });
  const file = path.join(parent, "storages/Shared/Shared.json");
  const before = readFileSync(file, "utf8");
  const saved = await (await session(child)).send<{ code: string; message: string }>("PUT", "instances/storages.Shared", {
    config: { directory: "appData/elsewhere" },
  });
  expect([saved.status, saved.body.code]).toEqual([409, "E_INHERITED_ELEMENT"]);
  expect(saved.body.message).toContain(parent);
  expect(readFileSync(file, "utf8")).toBe(before);
});

test("a new instance in a folder discovery never scans (appData, dist, node_modules, commons) is refused, nothing written", async () => {
  for (const element of ["appData/Lost", "storages/dist/Lost"]) {
    const created = await api.send<{ code: string; message: string }>("POST", "instances", {
      element,
      type: "storages.DiskType",
      config: { directory: "appData/lost" },
    });
    expect([created.status, created.body.code]).toEqual([400, "E_BAD_REQUEST"]);
    expect(created.body.message).toMatch(/cannot be part of an element name: elements are never looked for under/);
    expect(existsSync(path.join(fixture.root, element))).toBe(false);
  }
});

test("an instance that cannot be built is saved with onCreate not run, its error's code said once", async () => {
  const created = await api.send<{ saved: boolean; onCreate: { outcome: string; message: string } }>("POST", "instances", {
    element: "storages/Unset",
    type: "storages.DiskType",
    config: { directory: "${ELEMENTAL_CONSOLE_TEST_UNSET}" },
  });
  expect(created.body).toMatchObject({ saved: true, onCreate: { outcome: "not run" } });
  expect(created.body.onCreate.message).toMatch(/^(E_[A-Z_]+):/);
  expect(created.body.onCreate.message).not.toMatch(/^(E_[A-Z_]+) \1/);
});

test("a Disk instance made in the console is served from the console's own route: an upload and a signed read go through", async () => {
  const created = await api.send<{ saved: boolean }>("POST", "instances", {
    element: "storages/Late",
    type: "storages.DiskType",
    config: { directory: "appData/late" },
  });
  expect(created.body.saved).toBe(true);
  for (const body of ["first", "second"]) {
    const upload = await api.send<{ mode: string; url: string; headers?: Record<string, string> }>("POST", "storages/storages.Late/uploads", {
      name: "note.txt",
      size: body.length,
    });
    expect([upload.body.mode, new URL(upload.body.url).pathname.startsWith("/console/disk/")]).toEqual(["put", true]);
    expect((await fetch(upload.body.url, { method: "PUT", headers: upload.body.headers, body })).status).toBeLessThan(300);
    const signed = await api.send<{ url: string }>("POST", "storages/storages.Late/sign", { name: "note.txt", expires: 60 });
    expect(await (await fetch(signed.body.url)).text()).toBe(body);
  }
});
