// Run by s3ResumeAfterKill.test.ts in its own process, which the test kills with SIGKILL part-way: one
// `uploadByPath(..., { resume: true })` of a file to the application's `storages.Store`, `queueSize` parts
// at once ("default": the element's config). Prints "done <size>" if it ever gets to the end.
import { createApp } from "@elemental/core";
import type { StorageBase } from "@elemental/storages";

async function main(): Promise<void> {
  const [root, file, key, queueSize] = process.argv.slice(2) as [string, string, string, string];
  const storage = (await createApp({ root, env: {} })).getElement<StorageBase>("storages.Store");
  const options = { resume: true, ...(queueSize === "default" ? {} : { queueSize: Number(queueSize) }) };
  const result = await storage.uploadByPath(key, file, undefined, options as object);
  process.stdout.write(`done ${result.size}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String((error as Error)?.stack ?? error)}\n`);
  process.exit(1);
});
