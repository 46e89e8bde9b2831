import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createApp, writeElementTypes } from "@elemental/core";

const out = path.join(__dirname, ".generated");
const tsc = path.join(__dirname, "../../../node_modules/.bin/tsc");

afterAll(() => rmSync(out, { recursive: true, force: true }));

function typecheck(usage: string): string {
  writeFileSync(path.join(out, "usage.ts"), usage);
  try {
    execFileSync(tsc, ["-p", out], { encoding: "utf8", stdio: "pipe" });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  }
}

describe("writeElementTypes", () => {
  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    const app = await createApp({ root: path.join(__dirname, "fixtures/greeters") });
    const { count } = writeElementTypes(app, path.join(out, "elements.d.ts"));
    expect(count).toBe(5); // greeters.Meta has no module
    writeFileSync(
      path.join(out, "tsconfig.json"),
      JSON.stringify({
        extends: "../../../../tsconfig.base.json",
        compilerOptions: { noEmit: true, composite: false, declaration: false, emitDeclarationOnly: false },
        include: ["*.ts"],
      }),
    );
  });

  it("maps each fullName to its class", () => {
    const text = readFileSync(path.join(out, "elements.d.ts"), "utf8");
    expect(text).toContain('"greeters.Alice": InstanceType<typeof import("../fixtures/greeters/greeters/HelloType/index").default>;');
    expect(text).toContain('"greeters.Loud": InstanceType<typeof import("../fixtures/greeters/greeters/Loud/index").default>;');
    expect(text).toContain('"greeters.HelloType": typeof import("../fixtures/greeters/greeters/HelloType/index").default;');
  });

  it("makes getElement typed: real methods check, missing ones fail", () => {
    const good = typecheck(`import type { App } from "@elemental/core";
export function use(app: App): string { return app.getElement("greeters.Bob").greet("Ada"); }
`);
    expect(good).toBe("");
    const bad = typecheck(`import type { App } from "@elemental/core";
export function use(app: App): string { return app.getElement("greeters.Bob").shout("Ada"); }
`);
    expect(bad).toContain("Property 'shout' does not exist");
  });
});
