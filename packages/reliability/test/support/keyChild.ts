// A second process on the same application root: `sign <root> <key>` prints a signed URL made there (with
// the key file as that process finds it); `rotate <root> <graceSeconds>` rotates the application's key.
import { createApp } from "@elemental/core";
import { type DiskStorage, rotateSigningKey, signingKeyFile } from "@elemental/storage-disk";

async function main(): Promise<void> {
  const [action, root = "", argument = ""] = process.argv.slice(2);
  if (action === "rotate") {
    await rotateSigningKey(signingKeyFile(root), Number(argument));
    process.stdout.write("rotated\n");
    return;
  }
  const storage = (await createApp({ root })).getElement<DiskStorage>("storages.Store");
  process.stdout.write(`${await storage.getSignUrl(argument)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
