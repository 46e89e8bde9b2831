import { createApp, Element, type ElementClass } from "@elemental/core";
import { family, rejection, removeTempApps, tempApp, thrown } from "./support/tempApp";

afterAll(removeTempApps);

const events: string[] = [];

class Recorder extends Element {
  override onLoad(): void {
    events.push(`load ${this.fullName}`);
  }

  override async onAppExit(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 5));
    events.push(`exit ${this.fullName}`);
  }
}

async function appWith(names: string[], cls: ElementClass = Recorder) {
  const files: Record<string, unknown> = family();
  for (const name of names) files[`family/${name}/e.json`] = { title: name, type: "family.ThingType" };
  const app = await createApp({ root: tempApp(files) });
  app.registerType("family.ThingType", cls, { override: true });
  return app;
}

beforeEach(() => {
  events.length = 0;
});

describe("element lifecycle", () => {
  it("calls onLoad once, before getElement returns, and never for cached or unbuilt elements", async () => {
    const app = await appWith(["A", "B"]);
    app.getElement("family.A");
    expect(events).toEqual(["load family.A"]);
    app.getElement("family.A");
    expect(events).toEqual(["load family.A"]);
  });

  it("app.close() calls onAppExit on every built element, newest first, one at a time", async () => {
    const app = await appWith(["A", "B", "C"]);
    for (const name of ["family.B", "family.A", "family.C"]) app.getElement(name);
    events.length = 0;
    await app.close();
    expect(events).toEqual(["exit family.C", "exit family.A", "exit family.B"]);
  });

  it("is idempotent: a second close (concurrent or later) exits nothing twice; elements built after close are closed next time", async () => {
    const app = await appWith(["A", "B"]);
    app.getElement("family.A");
    events.length = 0;
    await Promise.all([app.close(), app.close()]);
    await app.close();
    expect(events).toEqual(["exit family.A"]);
    app.getElement("family.A");
    app.getElement("family.B");
    await app.close();
    expect(events).toEqual(["exit family.A", "load family.A", "load family.B", "exit family.B", "exit family.A"]);
  });

  it("a failing onAppExit does not stop the others; close reports every failure as E_EXIT_FAILED", async () => {
    class Failing extends Recorder {
      override async onAppExit(): Promise<void> {
        if (this.name === "B") throw new Error("socket already gone");
        await super.onAppExit();
      }
    }
    const app = await appWith(["A", "B", "C"], Failing);
    for (const name of ["family.A", "family.B", "family.C"]) app.getElement(name);
    const error = await rejection(app.close());
    expect(error.code).toBe("E_EXIT_FAILED");
    expect(error.problems).toEqual(["family.B: its onAppExit failed: socket already gone"]);
    expect(events.filter((event) => event.startsWith("exit"))).toEqual(["exit family.C", "exit family.A"]);
  });

  it("a synchronous onLoad that throws fails getElement with E_LOAD_FAILED and caches nothing", async () => {
    let calls = 0;
    class Flaky extends Element {
      override onLoad(): void {
        calls++;
        if (calls === 1) throw new Error("not ready");
      }
    }
    const app = await appWith(["A"], Flaky);
    const error = thrown(() => app.getElement("family.A"));
    expect([error.code, error.message]).toEqual(["E_LOAD_FAILED", expect.stringContaining("family.A: its onLoad failed: not ready")]);
    expect(app.getElement("family.A")).toBeInstanceOf(Flaky);
  });

  it("does not await an asynchronous onLoad in getElement: whenLoaded settles with it, and reports its failure", async () => {
    class Slow extends Element {
      ready = false;
      override async onLoad(): Promise<void> {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (this.name === "B") throw new Error("no connection");
        this.ready = true;
      }
    }
    const app = await appWith(["A", "B"], Slow);
    const a = app.getElement<Slow>("family.A");
    expect(a.ready).toBe(false);
    await app.whenLoaded("family.A");
    expect(a.ready).toBe(true);
    app.getElement("family.B");
    const error = await rejection(app.whenLoaded("family.B"));
    expect([error.code, error.message]).toEqual(["E_LOAD_FAILED", expect.stringContaining("family.B: its onLoad failed: no connection")]);
  });

  it("runTypeHook calls the Type's static onCreate / onDelete with the instance's fullName and the app", async () => {
    const calls: unknown[] = [];
    class WithHooks extends Element {
      static onCreate(fullName: string, app: unknown): void {
        calls.push(["create", fullName, app]);
      }
    }
    const app = await appWith(["A"], WithHooks);
    await app.runTypeHook("onCreate", "family.A");
    await app.runTypeHook("onDelete", "family.A");
    expect(calls).toEqual([["create", "family.A", app]]);
  });
});
