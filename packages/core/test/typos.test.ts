import path from "node:path";
import { createApp, inspectApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp } from "./support/tempApp";

afterAll(removeTempApps);

// Issue 12, defect 9: typos in e.json and app.json were accepted in silence.
describe("near-miss field names", () => {
  it("rejects an e.json field one typo away from a known one, with a did-you-mean", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.ThingType", acessModifier: "private" } });
    const error = await rejection(createApp({ root }));
    const file = path.join(root, "family/A/e.json");
    expect(error.code).toBe("E_UNKNOWN_FIELD");
    expect(error.fullName).toBe("family.A");
    expect(error.problems).toEqual([`${file}#/acessModifier: unknown field; did you mean "accessModifier"?`]);
  });

  it("catches a transposition and a wrong case too", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { titel: "A", type: "family.ThingType", Description: "x" } });
    const { problems } = await inspectApp({ root });
    const file = path.join(root, "family/A/e.json");
    const listed = problems.flatMap((p) => p.problems);
    expect(listed).toContain(`${file}#/titel: unknown field; did you mean "title"?`);
    expect(listed).toContain(`${file}#/Description: unknown field; did you mean "description"?`);
  });

  it("keeps unknown fields that are far from every known one", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.ThingType", owner: "team-x", frontBundleEntry: "./web" } });
    const define = (await createApp({ root })).getElementDefine("family.A");
    expect(define.raw.owner).toBe("team-x");
  });

  it("rejects near misses in app.json, at any level it knows", async () => {
    const root = tempApp({ ...family(), "app.json": { titel: "x", setings: {}, settings: { defaultElemnt: {} } } });
    const error = await rejection(createApp({ root }));
    const file = path.join(root, "app.json");
    expect(error.code).toBe("E_UNKNOWN_FIELD");
    expect(error.problems).toEqual([
      `${file}#/titel: unknown field; did you mean "title"?`,
      `${file}#/setings: unknown field; did you mean "settings"?`,
      `${file}#/settings/defaultElemnt: unknown field; did you mean "defaultElement"?`,
    ]);
  });

  it("lists schema problems and near misses of one app.json together", async () => {
    const root = tempApp({ ...family(), "app.json": { extends: "x", setings: {} } });
    const error = await rejection(createApp({ root }));
    expect(error.errors.map((e: { code: string }) => e.code)).toEqual(["E_INVALID_DECLARATION", "E_UNKNOWN_FIELD"]);
  });
});

describe("settings.defaultElement", () => {
  it("must name elements of the application, with a did-you-mean", async () => {
    const root = tempApp({
      ...family(),
      "family/Files/e.json": { title: "Files", type: "family.ThingType" },
      "app.json": { settings: { defaultElement: { defaultFamily: "family.Filez", defaultStorage: "storages.Default" } } },
    });
    const error = await rejection(createApp({ root }));
    const file = path.join(root, "app.json");
    expect(error.code).toBe("E_ELEMENT_NOT_FOUND");
    expect(error.errors.map((e: { message: string }) => e.message)).toEqual([
      `E_ELEMENT_NOT_FOUND: ${file}#/settings/defaultElement/defaultFamily: "family.Filez" is not an element of this application. Did you mean "family.Files"?`,
      `E_ELEMENT_NOT_FOUND: ${file}#/settings/defaultElement/defaultStorage: "storages.Default" is not an element of this application.`,
    ]);
  });

  it("accepts names that exist, in the application or a parent", async () => {
    const root = tempApp({
      ...family(),
      "family/Files/e.json": { title: "Files", type: "family.ThingType" },
      "app.json": { settings: { defaultElement: { defaultFamily: "family.Files" } } },
    });
    const app = await createApp({ root });
    expect(app.getDefaultElementName("family")).toBe("family.Files");
  });
});
