import path from "node:path";
import { createApp, inspectApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp, thrown } from "./support/tempApp";

afterAll(removeTempApps);

const greeters = path.join(__dirname, "fixtures/greeters");

describe("getElement", () => {
  it("builds an instance from its Type's class with its config", async () => {
    const app = await createApp({ root: greeters, env: { GREETING: "Hi" } });
    expect(app.getElement("greeters.Alice").greet("Ada")).toBe("Hi, Ada!");
  });

  it("uses an instance's own module that subclasses its Type", async () => {
    const app = await createApp({ root: greeters, env: {} });
    expect(app.getElement("greeters.Loud").greet("Ada")).toBe("HEY, ADA!");
  });

  it("inherits the class through a Type that extends a Type", async () => {
    const app = await createApp({ root: greeters, env: {} });
    expect(app.getElement("greeters.Bob").greet("Ada")).toBe("Good morning, Ada.");
  });

  it("returns the class for a Type", async () => {
    const app = await createApp({ root: greeters, env: {} });
    const HelloType = app.getElement("greeters.HelloType");
    expect(app.getElement("greeters.Alice")).toBeInstanceOf(HelloType);
  });

  it("throws at once for an unknown name and suggests near names", async () => {
    const app = await createApp({ root: greeters, env: {} });
    const error = thrown(() => app.getElement("greeters.Alise"));
    expect(error.code).toBe("E_ELEMENT_NOT_FOUND");
    expect(error.message).toContain('Did you mean "greeters.Alice"');
  });

  it("loads no module before first use, and each module once", async () => {
    const counter = `globalThis.__loads = (globalThis.__loads || 0) + 1; module.exports = class { constructor(ctx) { this.ctx = ctx; } };`;
    const root = tempApp({
      ...family(counter),
      "family/A/e.json": { title: "A", type: "family.ThingType" },
      "family/B/e.json": { title: "B", type: "family.ThingType" },
    });
    const g = globalThis as { __loads?: number };
    g.__loads = 0;
    const app = await createApp({ root });
    expect(g.__loads).toBe(0);
    app.getElement("family.A");
    app.getElement("family.B");
    expect(g.__loads).toBe(1);
  });

  it("builds exactly one instance for 1,000 concurrent first calls", async () => {
    const counting = `let built = 0; module.exports = class { constructor() { this.serial = ++built; } };`;
    const root = tempApp({ ...family(counting), "family/A/e.json": { title: "A", type: "family.ThingType" } });
    const app = await createApp({ root });
    const results = await Promise.all(Array.from({ length: 1000 }, async () => app.getElement("family.A")));
    expect(new Set(results).size).toBe(1);
    expect(results[0].serial).toBe(1);
  });

  it("wraps a module that throws on load", async () => {
    const root = tempApp({ ...family("throw new Error('boom at load');"), "family/A/e.json": { title: "A", type: "family.ThingType" } });
    const app = await createApp({ root });
    const error = thrown(() => app.getElement("family.A"));
    expect(error.code).toBe("E_LOAD_FAILED");
    expect(error.message).toContain("boom at load");
    expect(error.cause.message).toBe("boom at load");
  });

  it("wraps a constructor that throws, and a module without a class", async () => {
    const root = tempApp({
      ...family("module.exports = class { constructor() { throw new Error('bad ctor'); } };"),
      "family/A/e.json": { title: "A", type: "family.ThingType" },
      "family/NoClassType/e.json": { title: "N", type: "family.Meta", backendBundleEntry: "." },
      "family/NoClassType/index.js": "module.exports = { notAClass: 1 };",
      "family/B/e.json": { title: "B", type: "family.NoClassType" },
    });
    const app = await createApp({ root });
    expect(thrown(() => app.getElement("family.A")).message).toContain("bad ctor");
    expect(thrown(() => app.getElement("family.B")).message).toContain("no default export that is a class");
  });

  it("reports a backendBundleEntry that resolves to nothing", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.ThingType", backendBundleEntry: "./backend" } });
    const app = await createApp({ root });
    const error = thrown(() => app.getElement("family.A"));
    expect(error.code).toBe("E_LOAD_FAILED");
    expect(error.pointer).toBe("/backendBundleEntry");
  });

  it("reports a Type with no class anywhere in its chain", async () => {
    const root = tempApp({
      "family/Meta/e.json": { title: "F", type: "" },
      "family/EmptyType/e.json": { title: "E", type: "family.Meta" },
      "family/A/e.json": { title: "A", type: "family.EmptyType" },
    });
    const app = await createApp({ root });
    expect(thrown(() => app.getElement("family.A")).code).toBe("E_LOAD_FAILED");
  });
});

describe("findElements", () => {
  it("selects by fullName, by Type (transitively), by prefix, and by a union", async () => {
    const app = await createApp({ root: greeters, env: {} });
    const names = (selector: string) =>
      app
        .findElementsDefine(selector)
        .map((d) => d.fullName)
        .sort();
    expect(names("greeters.Alice")).toEqual(["greeters.Alice"]);
    expect(names(".greeters.HelloType")).toEqual(["greeters.Alice", "greeters.Bob", "greeters.Loud", "greeters.PoliteType"]);
    expect(names(".greeters.PoliteType")).toEqual(["greeters.Bob"]);
    expect(names("greeters.*")).toHaveLength(6);
    expect(names("greeters.Alice, greeters.Bob")).toEqual(["greeters.Alice", "greeters.Bob"]);
    expect(names("nothing.*")).toEqual([]);
    expect(app.findElements<{ greet(n: string): string }>(".greeters.PoliteType")[0]?.greet("x")).toBe("Good morning, x.");
  });
});

describe("default elements", () => {
  it("reads settings.defaultElement and falls back to <kind>s.Default", async () => {
    const root = tempApp({ "app.json": { settings: { defaultElement: { defaultStorage: "storages.Mine" } } } });
    // A configured default that names nothing is a start-up problem (createApp rejects it); inspectApp still builds the app.
    expect((await rejection(createApp({ root }))).code).toBe("E_ELEMENT_NOT_FOUND");
    const { app } = await inspectApp({ root });
    expect(app?.getDefaultElementName("storage")).toBe("storages.Mine");
    expect(app?.getDefaultElementName("cache")).toBe("caches.Default");
    expect(thrown(() => app?.getDefaultElement("storage")).message).toContain('no element "storages.Mine"');
  });

  it("getDefaultElement builds the configured element", async () => {
    const root = tempApp({ ...family(), "things/Default/e.json": { title: "D", type: "family.ThingType" } });
    const app = await createApp({ root });
    expect(app.getDefaultElement("thing")).toBe(app.getElement("things.Default"));
  });
});

describe("broken type chains found by inspectApp", () => {
  it("validateConfigs and getElement stop at a cycle instead of overflowing the stack", async () => {
    const { inspectApp } = await import("@elemental/core");
    const root = tempApp({
      "family/AType/e.json": { title: "A", type: "family.BType" },
      "family/BType/e.json": { title: "B", type: "family.AType" },
      "family/X/e.json": { title: "X", type: "family.AType" },
      "family/Y/e.json": { title: "Y", type: "family.Missing" },
    });
    const { app, problems } = await inspectApp({ root });
    expect(problems.map((p) => p.code).sort()).toEqual(["E_TYPE_CYCLE", "E_UNKNOWN_TYPE"]);
    expect(app?.validateConfigs()).toEqual([]);
    expect(thrown(() => app?.getElement("family.X")).code).toBe("E_TYPE_CYCLE");
  });
});
