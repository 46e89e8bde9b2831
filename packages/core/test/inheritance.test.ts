import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp, writeFiles } from "./support/tempApp";

afterAll(removeTempApps);

const typeModule = (label: string) => `module.exports = class { constructor(ctx) { this.ctx = ctx; } get from() { return ${JSON.stringify(label)}; } };`;

function parentApp(accessModifier?: string): Record<string, unknown> {
  return {
    "parent/app.json": { appId: "x.Parent" },
    "parent/family/Meta/e.json": { title: "Family", type: "" },
    "parent/family/ThingType/e.json": { title: "Thing", type: "family.Meta", backendBundleEntry: ".", ...(accessModifier ? { accessModifier } : {}) },
    "parent/family/ThingType/index.js": typeModule("parent"),
    "parent/family/Secret/e.json": { title: "Secret", type: "family.ThingType", accessModifier: "private" },
  };
}

describe("extends", () => {
  it("inherits a parent's elements from a relative folder, child first", async () => {
    const root = tempApp({
      ...parentApp(),
      "child/app.json": { appId: "x.Child", extends: ["../parent"] },
      "child/family/Mine/e.json": { title: "Mine", type: "family.ThingType" },
    });
    const app = await createApp({ root: path.join(root, "child") });
    expect(app.chain.map((a) => a.manifest.appId)).toEqual(["x.Child", "x.Parent"]);
    expect(app.getElement("family.Mine").from).toBe("parent");
    expect(app.getElementDefine("family.ThingType").appRoot).toBe(path.join(root, "parent"));
  });

  it("lets a child override a public Type of its parent", async () => {
    const root = tempApp({
      ...parentApp(),
      "child/app.json": { extends: ["../parent"] },
      "child/family/ThingType/e.json": { title: "My Thing", type: "family.Meta", backendBundleEntry: "." },
      "child/family/ThingType/index.js": typeModule("child"),
      "child/family/Mine/e.json": { title: "Mine", type: "family.ThingType" },
    });
    const app = await createApp({ root: path.join(root, "child") });
    expect(app.getElement("family.Mine").from).toBe("child");
    expect(app.getElementDefine("family.ThingType").title).toBe("My Thing");
  });

  it("refuses to override a protected element", async () => {
    const root = tempApp({
      ...parentApp("protected"),
      "child/app.json": { extends: ["../parent"] },
      "child/family/ThingType/e.json": { title: "Mine", type: "family.Meta" },
    });
    const error = await rejection(createApp({ root: path.join(root, "child") }));
    expect(error.code).toBe("E_OVERRIDE_FORBIDDEN");
    expect(error.fullName).toBe("family.ThingType");
  });

  it("hides a parent's private elements from its children", async () => {
    const root = tempApp({ ...parentApp(), "child/app.json": { extends: ["../parent"] } });
    const child = await createApp({ root: path.join(root, "child") });
    expect(child.hasElement("family.Secret")).toBe(false);
    const parent = await createApp({ root: path.join(root, "parent") });
    expect(parent.hasElement("family.Secret")).toBe(true);
  });

  it("lets a parent build a public Type on a private one that its children cannot see", async () => {
    const root = tempApp({
      "parent/family/Meta/e.json": { title: "Family", type: "" },
      "parent/family/HelperType/e.json": { title: "Helper", type: "family.Meta", backendBundleEntry: ".", accessModifier: "private" },
      "parent/family/HelperType/index.js": typeModule("helper"),
      "parent/family/PublicType/e.json": { title: "Public", type: "family.HelperType" },
      "child/app.json": { extends: ["../parent"] },
      "child/family/Mine/e.json": { title: "Mine", type: "family.PublicType" },
    });
    const app = await createApp({ root: path.join(root, "child") });
    expect(app.getElement("family.Mine").from).toBe("helper");
    expect(app.hasElement("family.HelperType")).toBe(false);
    expect(Object.keys(app.getAllElementsDefine())).not.toContain("family.HelperType");
    expect(app.findElementsDefine("family.*").map((d) => d.fullName)).not.toContain("family.HelperType");
  });

  it("resolves a parent by package name from node_modules", async () => {
    const root = tempApp({ "app/app.json": { extends: ["@acme/things"] } });
    const pkg = path.join(root, "app/node_modules/@acme/things");
    mkdirSync(pkg, { recursive: true });
    writeFileSync(path.join(pkg, "package.json"), JSON.stringify({ name: "@acme/things", version: "1.0.0" }));
    writeFiles(pkg, { ...family(), "app.json": { appId: "acme.Things" } });
    const app = await createApp({ root: path.join(root, "app") });
    expect(app.getElementDefine("family.ThingType").appRoot).toBe(pkg);
  });

  it("reports a parent that cannot be found", async () => {
    const root = tempApp({ "app.json": { extends: ["@acme/missing", "../nowhere"] } });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_EXTENDS_NOT_FOUND");
    expect(error.message).toContain("@acme/missing");
  });

  it("visits a parent once when two paths lead to it", async () => {
    const root = tempApp({
      ...parentApp(),
      "mid/app.json": { appId: "x.Mid", extends: ["../parent"] },
      "child/app.json": { appId: "x.Child", extends: ["../mid", "../parent"] },
    });
    const app = await createApp({ root: path.join(root, "child") });
    expect(app.chain.map((a) => a.manifest.appId)).toEqual(["x.Child", "x.Mid", "x.Parent"]);
  });
});
