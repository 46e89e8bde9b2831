import { createHash, randomBytes } from "node:crypto";
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** An 8 x 8 red PNG. */
export const PNG = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHbQSACj/P8Fu7N9hAAAAAElFTkSuQmCC", "base64");
export const MiB = 1024 * 1024;

export interface UploadFiles {
  dir: string;
  text: string;
  image: string;
  big: string;
  bigSize: number;
  bigMd5: string;
  remove(): void;
}

/** Three files to upload: a text, a PNG and a big file of random MiB blocks (hashed as written). */
export function uploadFiles(bigMiB: number): UploadFiles {
  const dir = mkdtempSync(path.join(tmpdir(), "elemental-console-files-"));
  const text = path.join(dir, "notes.txt");
  const image = path.join(dir, "red.png");
  const big = path.join(dir, "big.bin");
  writeFileSync(text, `console upload ${randomBytes(8).toString("hex")}\n`);
  writeFileSync(image, PNG);
  const hash = createHash("md5");
  const fd = openSync(big, "w");
  const block = randomBytes(MiB);
  for (let i = 0; i < bigMiB; i++) {
    block.writeUInt32BE(i, 0); // every block differs, so a part sent twice or out of order shows
    hash.update(block);
    writeSync(fd, block);
  }
  closeSync(fd);
  return { dir, text, image, big, bigSize: bigMiB * MiB, bigMd5: hash.digest("hex"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
