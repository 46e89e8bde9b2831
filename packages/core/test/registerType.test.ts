import { createApp, Element } from "@elemental/core";
import { family, removeTempApps, tempApp, thrown } from "./support/tempApp";

afterAll(removeTempApps);

class CodeThing extends Element {
  readonly from = "code";
}

describe("registerType", () => {
  it("refuses to replace an existing Type without { override: true }", async () => {
    const app = await createApp({ root: tempApp(family()) });
    const error = thrown(() => app.registerType("family.ThingType", CodeThing));
    expect(error.code).toBe("E_TYPE_ALREADY_REGISTERED");
    expect(error.message).toContain("override: true");
  });

  it("overrides a declared Type with { override: true }", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.ThingType" } });
    const app = await createApp({ root });
    app.registerType("family.ThingType", CodeThing, { override: true });
    expect(app.getElement("family.A")).toBeInstanceOf(CodeThing);
  });

  it("refuses to register the same new name twice", async () => {
    const app = await createApp({ root: tempApp(family()) });
    app.registerType("family.CodeType", CodeThing, { type: "family.Meta" });
    expect(thrown(() => app.registerType("family.CodeType", CodeThing)).code).toBe("E_TYPE_ALREADY_REGISTERED");
    expect(app.getElementDefine("family.CodeType").kind).toBe("type");
  });

  it("refuses to replace a Type whose instances are already loaded", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.ThingType" } });
    const app = await createApp({ root });
    app.getElement("family.A");
    expect(thrown(() => app.registerType("family.ThingType", CodeThing, { override: true })).code).toBe("E_TYPE_IN_USE");
  });

  it("lets declared instances use a Type registered through createApp", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.CodeType" } });
    const app = await createApp({ root, types: { "family.CodeType": CodeThing } });
    expect(app.getElement("family.A").from).toBe("code");
  });

  it("reports a createApp type that collides with a declared one", async () => {
    const root = tempApp(family());
    await expect(createApp({ root, types: { "family.ThingType": CodeThing } })).rejects.toMatchObject({ code: "E_TYPE_ALREADY_REGISTERED" });
    const app = await createApp({ root, types: { "family.ThingType": { class: CodeThing, override: true } } });
    expect(app.getElement("family.ThingType")).toBe(CodeThing);
  });

  it("refuses to replace a parent's protected Type, even with { override: true }", async () => {
    const root = tempApp({
      "parent/family/Meta/e.json": { title: "F", type: "" },
      "parent/family/LockedType/e.json": { title: "L", type: "family.Meta", accessModifier: "protected" },
      "child/app.json": { extends: ["../parent"] },
    });
    const app = await createApp({ root: `${root}/child` });
    expect(thrown(() => app.registerType("family.LockedType", CodeThing, { override: true })).code).toBe("E_OVERRIDE_FORBIDDEN");
  });
});
