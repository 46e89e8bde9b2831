import { createApp } from "@elemental/core";
import { isStorageError, type StorageBase } from "@elemental/storages";
import { serveDisk } from "@elemental/storage-disk";

async function main(): Promise<void> {
  const app = await createApp({ root: __dirname });
  const files = app.getElement<StorageBase>("storages.Files");

  await files.uploadByFile("hello.txt", "Hello, Elemental!", "text/plain");
  console.log((await files.download("hello.txt")).toString());

  const server = await serveDisk(files); // serves signed URLs on a loopback port
  const url = await files.getSignUrl("hello.txt", "text/plain", 60);
  console.log(await (await fetch(url)).text());
  await server.close();

  try {
    await files.download("missing.txt");
  } catch (error) {
    if (isStorageError(error)) console.log(error.code); // E_NOT_FOUND
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
