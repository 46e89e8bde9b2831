import { randomBytes } from "node:crypto";
import type { CheckDefinition } from "./check";
import { StorageError } from "./errors";
import type { StorageBase } from "./StorageBase";

/** Keys under this prefix belong to `check()`: its probe object is written, read and deleted there. */
export const CHECK_PREFIX = ".elemental-check/";

/** What the probe uses of a storage: its public API. */
type Probed = Pick<StorageBase, "fullName" | "uploadByFile" | "download" | "delete" | "exists">;

/** The write-read-delete probe every storage's check ends with, through the public API. */
export function probeChecks(storage: Probed): CheckDefinition[] {
  const key = `${CHECK_PREFIX}${new Date().toISOString().replace(/[:.]/g, "-")}-${randomBytes(4).toString("hex")}.txt`;
  const body = Buffer.from(`elemental check of ${storage.fullName}\n`);
  return [
    {
      name: "write a probe object",
      run: async (signal) => {
        await storage.uploadByFile(key, body, "text/plain", { signal });
        return key;
      },
    },
    {
      name: "read it back",
      run: async (signal) => {
        const read = await storage.download(key, { signal });
        if (!read.equals(body)) throw new StorageError("E_CHECKSUM_MISMATCH", `read ${read.length} bytes that differ from the ${body.length} written`);
        return `${read.length} bytes, identical`;
      },
    },
    {
      name: "delete it",
      run: async (signal) => {
        await storage.delete(key, { signal });
        if (await storage.exists(key, { signal })) throw new StorageError("E_UNKNOWN", "the probe object is still there after delete");
        return undefined;
      },
    },
  ];
}
