import type { DiskStorage, ServedDisk } from "@elemental/storage-disk";
import { serveDisk } from "@elemental/storage-disk";
import { loadCorpus } from "./support/corpus";
import { runHandlerCase } from "./support/hostileHandler";
import { type StorageTarget, openTarget } from "./support/targets";

// Hostile requests to the Disk handler (test/corpus/hostile.json, "handlerCases"): signed URLs with
// parameters added, emptied, repeated or changed, active content, ranges, preconditions, upload limits.
const corpus = loadCorpus();

let target: StorageTarget;
let served: ServedDisk;

beforeAll(async () => {
  target = await openTarget("disk");
  served = await serveDisk(target.storage as DiskStorage);
});
afterAll(async () => {
  await served?.close();
  await target?.close();
});

it.each(corpus.handlerCases.map((testCase) => [`${testCase.id}: ${testCase.about}`, testCase] as const))("%s", async (_title, testCase) => {
  expect(await runHandlerCase(testCase, target.storage as DiskStorage, target.secrets)).toEqual([]);
});
