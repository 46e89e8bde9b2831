import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { type ValueContext, loadCorpus } from "./support/corpus";
import { runTypeConfigCase } from "./support/hostileTypeConfig";
import { LeakWatch, errorTexts, leaksIn } from "./support/leakWatch";
import { MAX_MESSAGE_CHARS, messageLength, pollution, summarize } from "./support/outcome";
import { bucketName, createBucket, rawClient, removeBucket } from "./support/s3Bucket";
import { type S3Env, readS3Env } from "./support/s3Env";
import { DISK_SIGNING_SECRET } from "./support/targets";

// The storage Types' own configs, broken: each case of test/corpus/hostile.json ("typeConfigCases") names
// the code getElement (stage "get") or the first upload (stage "op") must fail with, without leaking secrets.
const corpus = loadCorpus();
const watch = new LeakWatch();
let env: S3Env;
let bucket: string;
let scratch: string;
let context: ValueContext;
let secrets: string[];

beforeAll(async () => {
  env = await readS3Env();
  bucket = bucketName("cfg");
  await createBucket(rawClient(env), bucket);
  scratch = mkdtempSync(path.join(tmpdir(), "elemental-rel-scratch-"));
  mkdirSync(scratch, { recursive: true });
  const existingFile = path.join(scratch, "a-file");
  writeFileSync(existingFile, "not a directory");
  context = {
    tempFile: existingFile,
    tempDir: scratch,
    refs: { s3Endpoint: env.endpoint, s3AccessKey: env.accessKey, s3SecretKey: env.secretKey, s3Bucket: bucket, existingFile },
  };
  secrets = [...Object.values(corpus.secrets), env.secretKey, DISK_SIGNING_SECRET];
  watch.start();
});

afterAll(async () => {
  watch.stop();
  await removeBucket(rawClient(env), bucket).catch(() => undefined);
  rmSync(scratch, { recursive: true, force: true });
});

describe("hostile storage configs", () => {
  it.each(corpus.typeConfigCases.map((testCase) => [`${testCase.id}: ${testCase.about} -> ${testCase.expect}`, testCase] as const))(
    "%s",
    async (_title, testCase) => {
      const from = watch.lines.length;
      const outcome = await runTypeConfigCase(testCase, context);
      const texts = [...watch.since(from), ...(outcome.error === undefined ? [] : errorTexts(outcome.error))];
      const { name, code, message } = summarize(outcome.error);
      const expectedName = testCase.stage === "get" ? "ElementError" : "StorageError";
      expect({ stage: outcome.stage, name, code, message }).toEqual({
        stage: testCase.stage,
        name: expectedName,
        code: testCase.expect,
        message: expect.any(String),
      });
      expect(texts.flatMap((text) => leaksIn(text, secrets))).toEqual([]);
      expect(messageLength(outcome.error)).toBeLessThan(MAX_MESSAGE_CHARS);
      expect(pollution()).toEqual([]);
    },
  );

  it("left no unhandled rejection and printed no secret in any log line", () => {
    expect(watch.unhandled.map(summarize)).toEqual([]);
    expect(watch.lines.flatMap((line) => leaksIn(line, secrets))).toEqual([]);
  });
});
