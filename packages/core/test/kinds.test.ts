import path from "node:path";
import { createApp, inspectApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp } from "./support/tempApp";

afterAll(removeTempApps);

// Issue 12, defect 10: an instance named `...Type` was silently taken for a Type.
describe("kind: name and files must agree", () => {
  it("refuses an element named like a Type that has a config named after it, and says how to fix it", async () => {
    const root = tempApp({
      ...family(),
      "family/ArchiveType/e.json": { title: "Archive", type: "family.ThingType" },
      "family/ArchiveType/ArchiveType.json": {},
    });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_KIND_CONFLICT");
    expect(error.fullName).toBe("family.ArchiveType");
    expect(error.file).toBe(path.join(root, "family/ArchiveType/e.json"));
    expect(error.message).toContain("is named like a Type");
    expect(error.message).toContain("ArchiveType.json");
    expect(error.help).toContain('"kind": "instance"');
    expect(error.help).toContain("family/Archive");
  });

  it("says so when a Meta's child, or an element used as a type, has a config named after it", async () => {
    const root = tempApp({
      ...family(),
      "family/Direct/e.json": { title: "Direct", type: "family.Meta" },
      "family/Direct/Direct.json": {},
      "family/Base/e.json": { title: "Base", type: "family.ThingType" },
      "family/Base/Base.json": {},
      "family/Derived/e.json": { title: "Derived", type: "family.Base" },
    });
    const { problems } = await inspectApp({ root });
    const byName = Object.fromEntries(problems.map((p) => [p.fullName, p]));
    expect(byName["family.Direct"]?.code).toBe("E_KIND_CONFLICT");
    expect(byName["family.Direct"]?.message).toContain("names the Meta family.Meta as its type");
    expect(byName["family.Base"]?.code).toBe("E_KIND_CONFLICT");
    expect(byName["family.Base"]?.message).toContain("is the type of family.Derived");
  });

  it("an explicit kind settles it", async () => {
    const root = tempApp({
      ...family(),
      "family/ArchiveType/e.json": { title: "Archive", type: "family.ThingType", kind: "instance" },
      "family/ArchiveType/ArchiveType.json": { x: 1 },
    });
    const app = await createApp({ root });
    expect(app.getElementDefine("family.ArchiveType").kind).toBe("instance");
    expect(app.getElement("family.ArchiveType").ctx.config).toEqual({ x: 1 });
  });

  it("still takes a ...Type without a config of its name for a Type", async () => {
    const root = tempApp({ ...family(), "family/LoudType/e.json": { title: "Loud", type: "family.ThingType" } });
    expect((await createApp({ root })).getElementDefine("family.LoudType").kind).toBe("type");
  });
});
