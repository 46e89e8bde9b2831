import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { collect, isStorageError } from "@elemental/storages";
import { type StorageCase, type ValueContext, materialize } from "./corpus";
import { summarize } from "./outcome";
import type { StorageTarget } from "./targets";

export const SEED_KEY = "seed.txt";
export const SEED = Buffer.from(Array.from({ length: 100 }, (_, i) => 65 + (i % 26)));

/** Every case settles at once; one that has not after this long hangs (and would hang forever). */
const SETTLE_MS = 5000;
const HUNG = Symbol("hung");

export interface StorageOutcome {
  result?: unknown;
  error?: unknown;
  /** Every way the outcome differs from what the case expects; empty when it passed. */
  problems: string[];
}

/** Where the corpus' `tempFile` and `tempDir` point for a target (inside its application folder). */
export function scratchOf(target: StorageTarget): ValueContext {
  const dir = path.join(target.root, "scratch", "a-directory");
  mkdirSync(dir, { recursive: true });
  const file = path.join(target.root, "scratch", "source.txt");
  writeFileSync(file, "source bytes");
  return { tempFile: file, tempDir: dir };
}

/** The code a case expects on this Type (a case may name a different, documented code per Type). */
export function expectedFor(testCase: StorageCase, typeName: string): StorageCase["expect"] {
  return testCase.expectByType?.[typeName] ?? testCase.expect;
}

/** Runs one storage case against a target and checks its outcome and the case's after-checks. */
export async function runStorageCase(testCase: StorageCase, target: StorageTarget, context: ValueContext): Promise<StorageOutcome> {
  const { storage } = target;
  await storage.uploadByFile(SEED_KEY, SEED, "text/plain");
  if (testCase.setupVictim) await storage.uploadByFile("victim.txt", "victim");
  for (const [key, body] of Object.entries(testCase.setupKeys ?? {})) await storage.uploadByFile(key, body);
  const args = materialize(testCase.args, context) as unknown[];
  const absentKey = testCase.absentKey ?? (typeof args[0] === "string" ? args[0] : undefined);
  if (testCase.check === "absent" && absentKey !== undefined) await storage.delete(absentKey);

  const outcome: StorageOutcome = { problems: [] };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<typeof HUNG>((resolve) => (timer = setTimeout(() => resolve(HUNG), SETTLE_MS)));
  try {
    outcome.result = await Promise.race([call(storage as unknown as Record<string, (...a: unknown[]) => unknown>, testCase.op, args), hang]);
  } catch (error) {
    outcome.error = error;
  } finally {
    clearTimeout(timer);
  }
  if (outcome.result === HUNG) {
    outcome.problems.push(`the call did not settle within ${SETTLE_MS} ms (it hangs)`);
    return outcome;
  }
  const expected = expectedFor(testCase, target.typeName);
  const problems = outcome.problems;
  if (typeof expected === "object") {
    const result = outcome.result as { deleted?: string[]; errors?: Array<{ error: unknown }> } | undefined;
    const got = {
      deleted: result?.deleted,
      errors: result?.errors?.map(({ error }) => (error as { code?: string }).code),
      error: outcome.error && summarize(outcome.error),
    };
    if (JSON.stringify(got) !== JSON.stringify({ ...expected, error: undefined }))
      problems.push(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`);
  } else if (expected === "ok") {
    if (outcome.error !== undefined) problems.push(`expected success, got ${JSON.stringify(summarize(outcome.error))}`);
  } else if (!isStorageError(outcome.error, expected as never)) {
    problems.push(`expected StorageError ${expected}, got ${outcome.error === undefined ? "success" : JSON.stringify(summarize(outcome.error))}`);
  }
  problems.push(...(await afterChecks(testCase, target, args, outcome, absentKey)));
  return outcome;
}

async function call(storage: Record<string, (...a: unknown[]) => unknown>, op: string, args: unknown[]): Promise<unknown> {
  const method = storage[op];
  if (typeof method !== "function") throw new Error(`the storage has no method ${op}`);
  if (op === "list") {
    const names: string[] = [];
    for await (const entry of method.apply(storage, args) as AsyncIterable<{ name: string }>) names.push(entry.name);
    return names;
  }
  if (op === "downloadStream") return collect((await method.apply(storage, args)) as Readable);
  return method.apply(storage, args);
}

async function afterChecks(
  testCase: StorageCase,
  target: StorageTarget,
  args: unknown[],
  outcome: StorageOutcome,
  absentKey: string | undefined,
): Promise<string[]> {
  const { storage } = target;
  const problems: string[] = [];
  const check = testCase.check;
  if (check === "roundtrip" && outcome.error === undefined) {
    const key = args[0] as string;
    const sent = typeof args[1] === "string" ? Buffer.from(args[1]) : (args[1] as Buffer);
    const back = await storage.download(key);
    if (!back.equals(sent)) problems.push(`downloaded ${back.length} bytes that differ from the ${sent.length} uploaded`);
    const listed: string[] = [];
    for await (const entry of storage.list("")) listed.push(entry.name);
    if (!listed.includes(key)) problems.push(`the key is not listed as it was given; the listing holds ${JSON.stringify(listed.slice(0, 20))}`);
  }
  if (typeof check === "object" && Buffer.isBuffer(outcome.result) && outcome.result.length !== check.length) {
    problems.push(`expected ${check.length} bytes, got ${outcome.result.length}`);
  }
  if (check === "absent" && absentKey !== undefined && (await storage.exists(absentKey)))
    problems.push(`the failed call left an object at ${JSON.stringify(absentKey)}`);
  if (check === "seedIntact" && !(await storage.download(SEED_KEY)).equals(SEED)) problems.push("the seed object changed");
  problems.push(...target.escapes().map((file) => `a file appeared outside the storage: ${file}`));
  const message = (outcome.error as { message?: unknown } | undefined)?.message;
  if (target.directory !== undefined && typeof message === "string" && message.includes(target.root)) {
    problems.push(`the message reveals where the storage lives: ${message}`);
  }
  return problems;
}
