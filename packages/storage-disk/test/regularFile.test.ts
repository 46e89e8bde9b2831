import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { text } from "node:stream/consumers";
import { openRegularFile } from "../src/regularFile";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "elemental-regular-file-"));
  writeFileSync(path.join(dir, "a.txt"), "hello");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("a file streams once; a second stream, or one after close, is refused rather than reading a reused descriptor", async () => {
  const file = await openRegularFile(path.join(dir, "a.txt"));
  expect(await text(file.createReadStream(0, 4))).toBe("hello");
  expect(() => file.createReadStream(0, 4)).toThrow(/already streamed/);
  await file.close();
  const closed = await openRegularFile(path.join(dir, "a.txt"));
  await closed.close();
  expect(() => closed.createReadStream(0, 4)).toThrow(/closed/);
});
