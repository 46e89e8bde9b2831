import { benchApp, storageOf, S3_ELEMENT } from "./src/support/benchApp";
async function main() {
  const storage = storageOf(await benchApp(), S3_ELEMENT);
  let last = 0;
  await storage.uploadByPath("bench/kill-resume.bin", process.argv[2] as string, undefined, { resume: true, onProgress: ({ loaded }) => { if (loaded - last > 4 * 1024 * 1024) { last = loaded; process.stdout.write(`${loaded}\n`); } } } as object);
  console.error("done");
  process.exit(0);
}
main();
