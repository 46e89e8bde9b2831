import { createApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp } from "./support/tempApp";

afterAll(removeTempApps);

// Issue 12, defect 7: one broken e.json made every command fail.
describe("createApp({ only })", () => {
  const root = tempApp({
    ...family(),
    "family/Good/e.json": { title: "Good", type: "family.ThingType" },
    "family/Garbled/e.json": '{ "title": ',
    "family/Orphan/e.json": { title: "Orphan", type: "family.NoSuchType" },
    "family/BrokenType/e.json": { title: "Broken", type: "family.Meta", acessModifier: "public" },
    "family/OfBroken/e.json": { title: "Of broken", type: "family.BrokenType" },
  });

  it("builds an application whose unrelated elements are broken", async () => {
    const app = await createApp({ root, only: ["family.Good"] });
    expect(app.getElement("family.Good").ctx.define.fullName).toBe("family.Good");
    expect((await rejection(createApp({ root }))).errors).toHaveLength(4);
  });

  it("fails on the element's own problem, not with 'not found'", async () => {
    const error = await rejection(createApp({ root, only: ["family.Garbled"] }));
    expect(error.code).toBe("E_INVALID_JSON");
    expect(error.fullName).toBe("family.Garbled");
  });

  it("fails on a problem of a Type in its chain", async () => {
    const error = await rejection(createApp({ root, only: ["family.OfBroken"] }));
    expect(error.errors.map((e: { code: string }) => e.code).sort()).toEqual(["E_UNKNOWN_FIELD", "E_UNKNOWN_TYPE"]);
  });

  it("leaves an unknown name to getElement, which suggests near names", async () => {
    const app = await createApp({ root, only: ["family.Goood"] });
    expect(() => app.getElement("family.Goood")).toThrow(/Did you mean "family.Good"/);
  });
});
