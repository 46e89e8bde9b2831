import path from "node:path";
import { createApp } from "@elemental/core";
import { removeTempApps, tempApp, thrown } from "./support/tempApp";

afterAll(removeTempApps);

const schemaType = `
module.exports = class Thing {
  static configSchema = {
    type: "object",
    required: ["bucket", "region"],
    additionalProperties: false,
    properties: { bucket: { type: "string", minLength: 3 }, region: { type: "string" }, secret: { type: "string" }, port: { type: "string" } },
  };
  constructor(ctx) { this.config = ctx.config; this.configFile = ctx.configFile; }
};`;

function appWith(config: unknown): string {
  return tempApp({
    "family/Meta/e.json": { title: "Family", type: "" },
    "family/ThingType/e.json": { title: "Thing", type: "family.Meta", backendBundleEntry: "." },
    "family/ThingType/index.js": schemaType,
    "family/Mine/e.json": { title: "Mine", type: "family.ThingType" },
    ...(config === undefined ? {} : { "family/Mine/Mine.json": config }),
  });
}

describe("instance config", () => {
  it("interpolates ${VAR} and ${VAR:-default} from the given environment", async () => {
    const root = appWith({ bucket: "${BUCKET}", region: "${REGION:-us-east-1}", secret: "$${NOT_A_VAR}", port: "${EMPTY}" });
    const app = await createApp({ root, env: { BUCKET: "photos", EMPTY: "" } });
    const mine = app.getElement("family.Mine");
    expect(mine.config).toEqual({ bucket: "photos", region: "us-east-1", secret: "${NOT_A_VAR}", port: "" });
    expect(mine.configFile).toBe(path.join(root, "family/Mine/Mine.json"));
  });

  it("names every missing variable with the file and the JSON pointer", async () => {
    const root = appWith({ bucket: "${BUCKET}", region: "r", secret: "${SECRET_KEY}" });
    const app = await createApp({ root, env: {} });
    const error = thrown(() => app.getElement("family.Mine"));
    const file = path.join(root, "family/Mine/Mine.json");
    expect(error.code).toBe("E_MISSING_ENV");
    expect(error.problems).toEqual([`${file}#/bucket: environment variable BUCKET is not set`, `${file}#/secret: environment variable SECRET_KEY is not set`]);
  });

  it("lists every schema violation at once and never prints values", async () => {
    const root = appWith({ bucket: "ab", secret: 12345, extra: true });
    const app = await createApp({ root, env: {} });
    const error = thrown(() => app.getElement("family.Mine"));
    const file = path.join(root, "family/Mine/Mine.json");
    expect(error.code).toBe("E_INVALID_CONFIG");
    expect(error.problems.sort()).toEqual(
      [
        `${file}#/bucket: must NOT have fewer than 3 characters`,
        `${file}#/region: is required`,
        `${file}#/secret: must be string`,
        `${file}#/extra: is not allowed`,
      ].sort(),
    );
    expect(error.message).not.toContain("12345");
  });

  it("reports a missing config file against the schema", async () => {
    const app = await createApp({ root: appWith(undefined) });
    const error = thrown(() => app.getElement("family.Mine"));
    expect(error.code).toBe("E_INVALID_CONFIG");
    expect(error.help).toContain("Mine.json");
  });

  it("reports a broken config file with line and column", async () => {
    const app = await createApp({ root: appWith('{\n "bucket": "abc",,\n}') });
    const error = thrown(() => app.getElement("family.Mine"));
    expect(error.code).toBe("E_INVALID_JSON");
    expect(error.message).toMatch(/Mine\.json:2:18/);
  });

  it("validateConfigs reports every instance's problems without keeping instances", async () => {
    const root = appWith({ bucket: "x" });
    const app = await createApp({ root, env: {} });
    const problems = app.validateConfigs();
    expect(problems.map((p) => p.code)).toEqual(["E_INVALID_CONFIG"]);
  });

  it("validateConfigs also reports what a Type's constructor checks beyond the schema", async () => {
    const strictType = `const { ElementError } = require(${JSON.stringify(require.resolve("@elemental/core"))});
module.exports = class { constructor(ctx) { if (ctx.config.bucket === "nope") throw new ElementError("E_INVALID_CONFIG", "bucket nope is refused", { fullName: ctx.define.fullName }); } };`;
    const root = tempApp({
      "family/Meta/e.json": { title: "Family", type: "" },
      "family/ThingType/e.json": { title: "Thing", type: "family.Meta", backendBundleEntry: "." },
      "family/ThingType/index.js": strictType,
      "family/Mine/e.json": { title: "Mine", type: "family.ThingType" },
      "family/Mine/Mine.json": { bucket: "nope" },
    });
    const app = await createApp({ root });
    expect(app.validateConfigs().map((p) => p.message)).toEqual(["E_INVALID_CONFIG: bucket nope is refused"]);
  });

  it("reports a Type's own checks through configProblems exactly as the schema's: one error, every problem located", async () => {
    const checkingType = `const { configProblems } = require(${JSON.stringify(require.resolve("@elemental/core"))});
module.exports = class { constructor(ctx) {
  const problems = configProblems(ctx);
  if (ctx.config.bucket === "nope") problems.add("/bucket", "is refused by this Type");
  if (ctx.config.region === "mars") problems.add("/region", "is not a region");
  problems.throwIfAny();
} };`;
    const root = tempApp({
      "family/Meta/e.json": { title: "Family", type: "" },
      "family/ThingType/e.json": { title: "Thing", type: "family.Meta", backendBundleEntry: "." },
      "family/ThingType/index.js": checkingType,
      "family/Mine/e.json": { title: "Mine", type: "family.ThingType" },
      "family/Mine/Mine.json": { bucket: "nope", region: "mars" },
      "family/Fine/e.json": { title: "Fine", type: "family.ThingType" },
      "family/Fine/Fine.json": { bucket: "photos", region: "eu" },
    });
    const app = await createApp({ root });
    const file = path.join(root, "family/Mine/Mine.json");
    const error = thrown(() => app.getElement("family.Mine"));
    expect(error).toMatchObject({ code: "E_INVALID_CONFIG", fullName: "family.Mine", file, pointer: "/bucket" });
    expect(error.problems).toEqual([`${file}#/bucket: is refused by this Type`, `${file}#/region: is not a region`]);
    expect(error.message).toBe(
      `E_INVALID_CONFIG: family.Mine has an invalid config\n  - ${file}#/bucket: is refused by this Type\n  - ${file}#/region: is not a region`,
    );
    expect(app.getElement("family.Fine")).toBeDefined();
  });
});
