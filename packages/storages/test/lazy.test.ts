import { Lazy } from "@elemental/storages";

describe("Lazy", () => {
  it("makes nothing until asked, then shares one promise among every caller", async () => {
    let made = 0;
    const lazy = new Lazy(async () => ++made);
    expect(made).toBe(0);
    const [a, b] = await Promise.all([lazy.get(), lazy.get()]);
    expect([a, b, made]).toEqual([1, 1, 1]);
    expect(await lazy.get()).toBe(1);
  });

  it("forgets a failure, so the next call tries again; a throw while making counts as a failure", async () => {
    const outcomes: Array<() => number> = [
      () => {
        throw new Error("refused");
      },
      () => 2,
    ];
    const lazy = new Lazy(async () => (outcomes.shift() as () => number)());
    await expect(lazy.get()).rejects.toThrow("refused");
    expect(await lazy.get()).toBe(2);
    const sync = new Lazy<number>(() => {
      throw new Error("at once");
    });
    await expect(sync.get()).rejects.toThrow("at once");
  });

  it("clear hands back what it held and makes the next get start over", async () => {
    let made = 0;
    const lazy = new Lazy(async () => ++made);
    expect(lazy.clear()).toBeUndefined();
    const first = lazy.get();
    expect(lazy.clear()).toBe(first);
    expect(await lazy.get()).toBe(2);
  });
});
