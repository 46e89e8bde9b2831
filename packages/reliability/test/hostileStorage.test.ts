import { loadCorpus } from "./support/corpus";
import { expectedFor, runStorageCase, scratchOf } from "./support/hostileStorage";
import { LeakWatch, errorTexts, leaksIn } from "./support/leakWatch";
import { MAX_MESSAGE_CHARS, messageLength, pollution, summarize } from "./support/outcome";
import { type StorageTarget, type TargetLabel, openTarget } from "./support/targets";

// Hostile arguments (keys, expires, data, ranges, options) against every kind of storage Type. Each case of
// test/corpus/hostile.json ("storageCases") names the StorageError code it must end in, or "ok".
const corpus = loadCorpus();

it("the corpus holds at least 100 hostile cases", () => {
  expect(corpus.appCases.length + corpus.storageCases.length).toBeGreaterThanOrEqual(100);
});

describe.each<TargetLabel>(["memory", "disk", "s3"])("hostile arguments on %s", (label) => {
  let target: StorageTarget;
  let secrets: string[];
  let context: ReturnType<typeof scratchOf>;
  const watch = new LeakWatch();

  beforeAll(async () => {
    target = await openTarget(label);
    secrets = [...Object.values(corpus.secrets), ...target.secrets];
    context = scratchOf(target);
    watch.start();
  });
  afterAll(async () => {
    watch.stop();
    await target?.close();
  });

  it.each(corpus.storageCases.map((testCase) => [`${testCase.id}: ${testCase.about}`, testCase] as const))("%s", async (_title, testCase) => {
    const from = watch.lines.length;
    const outcome = await runStorageCase(testCase, target, context);
    const texts = [...watch.since(from), ...(outcome.error === undefined ? [] : errorTexts(outcome.error))];
    expect({ expected: expectedFor(testCase, target.typeName), problems: outcome.problems }).toEqual({
      expected: expectedFor(testCase, target.typeName),
      problems: [],
    });
    expect(texts.flatMap((text) => leaksIn(text, secrets))).toEqual([]);
    expect(messageLength(outcome.error)).toBeLessThan(MAX_MESSAGE_CHARS);
    expect(pollution()).toEqual([]);
  });

  it("left no unhandled rejection and printed no secret in any log line", () => {
    expect(watch.unhandled.map(summarize)).toEqual([]);
    expect(watch.lines.flatMap((line) => leaksIn(line, secrets))).toEqual([]);
  });
});
