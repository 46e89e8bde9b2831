import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createApp } from "@elemental/core";
import { NormalService, ServiceError, isServiceError } from "@elemental/services";

const root = mkdtempSync(path.join(tmpdir(), "elemental-services-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(relative: string, content: unknown): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), typeof content === "string" ? content : JSON.stringify(content));
}

test("an instance of services.NormalType is a NormalService; its own module subclasses it", async () => {
  write("app.json", { appId: "test.Services", title: "services", extends: [path.resolve(__dirname, "..")] });
  write("services/Plain/e.json", { title: "Plain", type: "services.NormalType" });
  write("services/Greet/e.json", { title: "Greet", type: "services.NormalType", backendBundleEntry: "." });
  write(
    "services/Greet/index.js",
    `const { NormalService } = require("@elemental/services");
     module.exports = class Greet extends NormalService { hello(name) { return "Hello, " + name + "!"; } };`,
  );
  const app = await createApp({ root });
  const plain = app.getElement<NormalService>("services.Plain");
  expect(plain).toBeInstanceOf(NormalService);
  expect(plain.serviceType).toBe("services.NormalType");
  const greet = app.getElement<NormalService & { hello(name: string): string }>("services.Greet");
  expect(greet.hello("Elemental")).toBe("Hello, Elemental!");
  expect(app.getTypeChain("services.Greet")).toEqual(expect.arrayContaining(["services.NormalType", "services.Meta"]));
  await greet.close();
});

test("ServiceError carries a public code and its HTTP status", () => {
  const error = new ServiceError("E_UNSUPPORTED_MEDIA", "not an image", { service: "storages.services.StorageSvc" });
  expect(error.message).toBe("E_UNSUPPORTED_MEDIA: storages.services.StorageSvc: not an image");
  expect(error.status).toBe(415);
  expect(isServiceError(error, "E_UNSUPPORTED_MEDIA")).toBe(true);
  expect(isServiceError({ name: "ServiceError", code: "E_NOT_FOUND" }, "E_NOT_FOUND")).toBe(true);
  expect(isServiceError(new Error("x"))).toBe(false);
});
