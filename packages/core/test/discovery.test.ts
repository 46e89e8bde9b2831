import path from "node:path";
import { createApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp } from "./support/tempApp";

afterAll(removeTempApps);

describe("discovery", () => {
  it("finds nested elements and derives fullName and name from the path", async () => {
    const root = tempApp({
      ...family(),
      "family/services/Deep/e.json": { title: "Deep", type: "family.ThingType" },
      "family/services/Deep/Inner/e.json": { title: "Inner", type: "family.ThingType" },
    });
    const app = await createApp({ root });
    const deep = app.getElementDefine("family.services.Deep");
    expect(deep.name).toBe("Deep");
    expect(deep.dir).toBe(path.join(root, "family/services/Deep"));
    expect(app.getElementDefine("family.services.Deep.Inner").name).toBe("Inner");
    expect(Object.keys(app.getAllElementsDefine()).sort()).toEqual(["family.Meta", "family.ThingType", "family.services.Deep", "family.services.Deep.Inner"]);
  });

  it("never scans node_modules, dist, appData, commons or dot-folders", async () => {
    const broken = "{ not json";
    const root = tempApp({
      ...family(),
      "node_modules/x/e.json": broken,
      "family/dist/Y/e.json": broken,
      "appData/Z/e.json": broken,
      "commons/W/e.json": broken,
      ".git/V/e.json": broken,
      "family/.cache/U/e.json": broken,
    });
    const app = await createApp({ root });
    expect(Object.keys(app.getAllElementsDefine()).sort()).toEqual(["family.Meta", "family.ThingType"]);
  });

  it("skips the folders app.json lists under ignore", async () => {
    const root = tempApp({ ...family(), "app.json": { ignore: ["packages/**"] }, "packages/p/Q/e.json": "{" });
    const app = await createApp({ root });
    expect(app.hasElement("packages.p.Q")).toBe(false);
  });

  it("keeps unknown e.json fields and applies defaults", async () => {
    const root = tempApp({
      ...family(),
      "family/A/e.json": { title: "A", type: "family.ThingType", myExtension: { x: 1 } },
    });
    const define = (await createApp({ root })).getElementDefine("family.A");
    expect(define.raw.myExtension).toEqual({ x: 1 });
    expect(define.accessModifier).toBe("public");
    expect(define.variables).toEqual([]);
    expect(define.kind).toBe("instance");
  });

  it("rejects folder names that cannot be part of a fullName", async () => {
    const root = tempApp({ ...family(), "family/my.thing/e.json": { title: "x", type: "family.ThingType" } });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_INVALID_NAME");
    expect(error.message).toContain('"my.thing"');
  });

  it("reports a missing application folder with a typed error", async () => {
    const missing = path.join(tempApp({}), "nothing-here");
    const error = await rejection(createApp({ root: missing }));
    expect(error.code).toBe("E_APP_NOT_FOUND");
    expect(error.message).toContain(missing);
  });
});
