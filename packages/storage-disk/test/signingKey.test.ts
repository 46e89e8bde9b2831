import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { createApp } from "@elemental/core";
import { type DiskStorage, serveDisk, signingKeyFile } from "@elemental/storage-disk";
import { diskStorage, removeTemps, tempDir, writeDiskApp } from "./support/diskApp";

afterAll(() => removeTemps());

async function storageAt(root: string): Promise<DiskStorage> {
  return (await createApp({ root })).getElement<DiskStorage>("storages.Files");
}

describe("the signing secret", () => {
  it("is made once under appData/ with mode 0600, and shared by two applications on the same root", async () => {
    const root = tempDir("key");
    writeDiskApp(root);
    const [first, second] = [await storageAt(root), await storageAt(root)];
    const [url] = await Promise.all([first.getSignUrl("k.txt"), second.getSignUrl("k.txt")]); // both make the key at once
    const file = signingKeyFile(root);
    expect(file).toBe(path.join(root, "appData", ".elemental", "disk-signing.key"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, "utf8")).toMatch(/^[0-9a-f]{64}\n$/);

    await first.uploadByFile("k.txt", "shared");
    const served = await serveDisk(second);
    try {
      const response = await fetch(url?.replace(first.baseUrl, served.url) as string);
      expect(response.status).toBe(200);
      expect(await response.text()).toBe("shared");
    } finally {
      await served.close();
    }
    const signed = new URL(url as string).searchParams;
    const grant = { method: "GET" as const, key: "k.txt", expires: Number(signed.get("expires")), contentType: undefined };
    expect(await (await storageAt(root)).verifyGrant(grant, signed.get("sig") as string)).toBe(true);
  });

  it("is not made when the config gives one (through an environment variable), and the two sign differently", async () => {
    const { storage, root } = await diskStorage({ signingSecret: "${SECRET}" }, { SECRET: "configured-secret-value" });
    const url = await storage.getSignUrl("k.txt");
    expect(() => statSync(signingKeyFile(root))).toThrow();
    writeDiskApp(root, {}, "Other");
    const other = (await createApp({ root })).getElement<DiskStorage>("storages.Other");
    const otherUrl = await other.getSignUrl("k.txt");
    expect(new URL(url).searchParams.get("sig")).not.toBe(new URL(otherUrl).searchParams.get("sig"));
  });
});
