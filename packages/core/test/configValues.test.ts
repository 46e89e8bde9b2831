import path from "node:path";
import { createApp } from "@elemental/core";
import { family, removeTempApps, tempApp, thrown } from "./support/tempApp";

afterAll(removeTempApps);

const BOM = "\uFEFF";

describe("config values", () => {
  // Issue 12, defect 4: `elemental new` wrote "<directory>" and validate accepted it.
  it("rejects a <placeholder> value left in a config, at every place it is", async () => {
    const root = tempApp({
      ...family(),
      "family/A/e.json": { title: "A", type: "family.ThingType" },
      "family/A/A.json": { directory: "<directory>", nested: { list: ["ok", "<bucketName>"] }, fine: "a <b> c" },
    });
    const app = await createApp({ root });
    const error = thrown(() => app.getElement("family.A"));
    const file = path.join(root, "family/A/A.json");
    expect(error.code).toBe("E_INVALID_CONFIG");
    expect(error.problems).toEqual([
      `${file}#/directory: is a placeholder ("<...>"); replace it with a real value`,
      `${file}#/nested/list/1: is a placeholder ("<...>"); replace it with a real value`,
    ]);
    expect(app.validateConfigs().map((e) => e.code)).toEqual(["E_INVALID_CONFIG"]);
  });

  // Issue 12, defect 11: a UTF-8 BOM made a file "broken JSON".
  it("accepts a UTF-8 byte order mark in e.json, app.json and a config", async () => {
    const root = tempApp({
      ...family(),
      "app.json": `${BOM}{ "title": "with BOM" }`,
      "family/A/e.json": `${BOM}{ "title": "A", "type": "family.ThingType" }`,
      "family/A/A.json": `${BOM}{ "region": "eu" }`,
    });
    const app = await createApp({ root });
    expect(app.manifest.title).toBe("with BOM");
    expect(app.getElement("family.A").ctx.config).toEqual({ region: "eu" });
  });
});
