import { loadCorpus } from "./support/corpus";
import { runAppCase } from "./support/hostileApp";
import { LeakWatch, errorTexts, leaksIn } from "./support/leakWatch";
import { MAX_MESSAGE_CHARS, messageLength, pollution, summarize } from "./support/outcome";

// Hostile application folders: broken e.json, app.json and configs, hostile element names. Each case of
// test/corpus/hostile.json ("appCases") names the ElementError code it must end in, or "ok".
const corpus = loadCorpus();
const secrets = Object.values(corpus.secrets);
const watch = new LeakWatch();

beforeAll(() => watch.start());
afterAll(() => watch.stop());

describe("the leak scanner", () => {
  it("finds a secret, a quoted fragment of a canary, and what was printed while it watched", () => {
    const canary = "SECRET-CANARY-7f3a9c2e41b86d05";
    expect(leaksIn(`token ${canary}`, [canary])).toEqual([canary]);
    expect(leaksIn(`Unexpected token 'Z', ..."41b86d05",Z]}"`, [canary])).toHaveLength(1);
    expect(leaksIn("SECRET-CANARY- alone says nothing", [canary])).toEqual([]);
    const from = watch.lines.length;
    console.error("printed", canary);
    process.stderr.write(`written ${canary}\n`);
    expect(watch.since(from).flatMap((line) => leaksIn(line, [canary]))).toHaveLength(2);
    watch.lines.splice(from); // the canary printed on purpose is not a leak of the corpus
  });
});

describe("hostile applications", () => {
  it.each(corpus.appCases.map((testCase) => [`${testCase.id}: ${testCase.about} -> ${testCase.expect}`, testCase] as const))("%s", async (_title, testCase) => {
    const from = watch.lines.length;
    const outcome = await runAppCase(testCase, corpus);
    const texts = [...watch.since(from), ...(outcome.error === undefined ? [] : errorTexts(outcome.error))];
    expect(texts.flatMap((text) => leaksIn(text, secrets))).toEqual([]);
    expect(pollution()).toEqual([]);
    if (testCase.expect === "ok") {
      expect({ stage: outcome.stage, error: outcome.error && summarize(outcome.error) }).toEqual({ stage: "ok", error: undefined });
      expect(typeof outcome.element).toBe("object");
      return;
    }
    const { name, code, message } = summarize(outcome.error);
    expect({ stage: outcome.stage, name, code, message }).toEqual({
      stage: testCase.stage,
      name: "ElementError",
      code: testCase.expect,
      message: expect.any(String),
    });
    expect(messageLength(outcome.error)).toBeLessThan(MAX_MESSAGE_CHARS);
  });

  it("left no unhandled rejection and printed no secret in any log line", () => {
    expect(watch.unhandled.map(summarize)).toEqual([]);
    expect(watch.lines.flatMap((line) => leaksIn(line, secrets))).toEqual([]);
  });
});
