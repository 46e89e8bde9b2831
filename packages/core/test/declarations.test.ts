import path from "node:path";
import { createApp, inspectApp } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp } from "./support/tempApp";

afterAll(removeTempApps);

describe("bad declarations", () => {
  it("reports broken JSON with the file, line and column", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": '{\n  "title": "A",\n  "type" "family.ThingType"\n}' });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_INVALID_JSON");
    expect(error.file).toBe(path.join(root, "family/A/e.json"));
    expect(error.message).toContain(`${path.join(root, "family/A/e.json")}:3:10`);
  });

  it("reports an empty e.json as broken JSON", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": "" });
    expect((await rejection(createApp({ root }))).code).toBe("E_INVALID_JSON");
  });

  it("lists every missing or mistyped field as file#/pointer", async () => {
    const root = tempApp({
      ...family(),
      "family/A/e.json": { type: 42, variables: {}, accessModifier: "secret", backendBundleEntry: "" },
    });
    const error = await rejection(createApp({ root }));
    const file = path.join(root, "family/A/e.json");
    expect(error.code).toBe("E_INVALID_DECLARATION");
    expect(error.problems).toEqual(
      expect.arrayContaining([
        `${file}#/title: is required`,
        `${file}#/type: must be string`,
        `${file}#/variables: must be array`,
        `${file}#/accessModifier: must be one of "private", "protected", "public"`,
        `${file}#/backendBundleEntry: must NOT have fewer than 1 characters`,
      ]),
    );
  });

  it("rejects a JSON value that is not an object", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": "[1, 2]" });
    const error = await rejection(createApp({ root }));
    expect(error.problems).toEqual([`${path.join(root, "family/A/e.json")}#/: must be object`]);
  });

  it("reports the problems of every file at once", async () => {
    const root = tempApp({
      ...family(),
      "family/A/e.json": "{",
      "family/B/e.json": { title: "B" },
      "family/C/e.json": { title: "C", type: "family.Nope" },
    });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_INVALID_DECLARATION");
    expect(error.errors.map((e: { code: string }) => e.code).sort()).toEqual(["E_INVALID_DECLARATION", "E_INVALID_JSON", "E_UNKNOWN_TYPE"]);
    expect(error.message).toContain("family/A/e.json:1:2");
    expect(error.message).toContain("family/B/e.json#/type: is required");
  });

  it("names an unknown type and suggests near names", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A", type: "family.ThingTyp" } });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_UNKNOWN_TYPE");
    expect(error.pointer).toBe("/type");
    expect(error.message).toContain('Did you mean "family.ThingType"');
  });

  it("detects a cycle of Types and reports it once", async () => {
    const root = tempApp({
      "family/AType/e.json": { title: "A", type: "family.BType" },
      "family/BType/e.json": { title: "B", type: "family.AType" },
      "family/C/e.json": { title: "C", type: "family.AType" },
    });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_TYPE_CYCLE");
    expect(error.message).toContain("family.AType -> family.BType -> family.AType");
  });

  it("inspectApp returns the problems instead of throwing", async () => {
    const root = tempApp({ ...family(), "family/A/e.json": { title: "A" } });
    const { problems } = await inspectApp({ root });
    expect(problems.map((p) => p.code)).toEqual(["E_INVALID_DECLARATION"]);
  });

  it("reports a broken app.json", async () => {
    const root = tempApp({ ...family(), "app.json": { extends: "not-an-array", settings: 3 } });
    const error = await rejection(createApp({ root }));
    expect(error.code).toBe("E_INVALID_DECLARATION");
    expect(error.problems).toEqual(
      expect.arrayContaining([`${path.join(root, "app.json")}#/extends: must be array`, `${path.join(root, "app.json")}#/settings: must be object`]),
    );
  });
});

describe("kinds", () => {
  it("tells Metas, Types (also a Type of a Type) and Instances apart", async () => {
    const app = await createApp({ root: path.join(__dirname, "fixtures/greeters") });
    const kinds = Object.fromEntries(Object.values(app.getAllElementsDefine()).map((d) => [d.fullName, d.kind]));
    expect(kinds).toEqual({
      "greeters.Meta": "meta",
      "greeters.HelloType": "type",
      "greeters.PoliteType": "type",
      "greeters.Alice": "instance",
      "greeters.Loud": "instance",
      "greeters.Bob": "instance",
    });
    expect(app.getTypeChain("greeters.Bob")).toEqual(["greeters.PoliteType", "greeters.HelloType", "greeters.Meta"]);
  });
});
