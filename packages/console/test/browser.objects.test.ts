import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PutBucketCorsCommand } from "@aws-sdk/client-s3";
import { pendingUploads, rawS3Client } from "@elemental/storage-s3/testing";
import { type App, createApp } from "@elemental/core";
import { type StorageBase, browserMultipartOf } from "@elemental/storages";
import type { Browser, Page } from "playwright-core";
import { corsRuleFor } from "../src";
import { launch, screenshot, waitForText, waitForTrue } from "./support/browser";
import { type ConsoleFixture, s3Server, startConsole, stopConsoles } from "./support/consoleApp";
import { type UploadFiles, uploadFiles } from "./support/files";

jest.setTimeout(300_000);

/** The issue's size: above the S3 Types' browser multipart threshold (64 MiB), so S3 takes it in signed parts. */
const BIG_MIB = 300;

let fixture: ConsoleFixture;
let browser: Browser;
let page: Page;
let files: UploadFiles;
const downloads = mkdtempSync(path.join(tmpdir(), "elemental-console-downloads-"));

beforeAll(async () => {
  files = uploadFiles(BIG_MIB);
  fixture = await startConsole();
  // Uploads go from the page straight to the bucket: RGW, as S3, needs a CORS rule naming the console's origin.
  const cors = { CORSRules: corsRuleFor(fixture.server.url) };
  await rawS3Client(s3Server()).send(new PutBucketCorsCommand({ Bucket: fixture.bucket, CORSConfiguration: cors }));
  browser = await launch();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(fixture.url);
});
afterAll(async () => {
  await browser?.close();
  for (const app of opened) await app.close();
  await stopConsoles();
  files?.remove();
  rmSync(downloads, { recursive: true, force: true });
});

function md5(data: Buffer): string {
  return createHash("md5").update(data).digest("hex");
}

const opened: App[] = [];

/** The storage as another process sees it. */
async function storage(name: string): Promise<StorageBase<object>> {
  const app = await createApp({ root: fixture.root });
  opened.push(app);
  return app.getElement<StorageBase<object>>(name);
}

/** The objects screen of a storage, freshly loaded. */
async function openObjects(element: string): Promise<void> {
  await page.goto(`${fixture.server.url}/console/#/objects/${element}`);
  await page.reload();
  await page.waitForSelector("#files");
}

/** Uploads the three files with the file input, lists, previews, downloads and deletes them; returns the big file's upload time. */
async function roundTrip(element: string, shot: string): Promise<number> {
  await openObjects(element);
  const started = Date.now();
  await page.setInputFiles("#files", [files.text, files.image, files.big]);
  await page.locator('.tasks li[data-status="sending"] progress').first().waitFor();
  await page.locator('.tasks li[data-status="done"]').nth(2).waitFor({ timeout: 240_000 });
  const seconds = (Date.now() - started) / 1000;
  await waitForText(page, "big.bin");
  for (const name of ["notes.txt", "red.png"]) await waitForText(page, name);
  await waitForText(page, "300 MiB");

  const stored = await storage(element);
  expect((await stored.getObject("big.bin")).size).toBe(files.bigSize);
  expect(md5(await stored.download("big.bin"))).toBe(files.bigMd5);

  await page.click('button[aria-label="Preview red.png"]');
  const preview = page.locator(".preview img");
  await preview.waitFor();
  await waitForTrue(page, 'document.querySelector(".preview img")?.naturalWidth === 8');
  await screenshot(page, shot);

  const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[aria-label="Download notes.txt"]')]);
  expect(download.suggestedFilename()).toBe("notes.txt");
  const saved = path.join(downloads, `${element}-notes.txt`);
  await download.saveAs(saved);
  expect(readFileSync(saved)).toEqual(readFileSync(files.text));

  for (const name of ["notes.txt", "red.png", "big.bin"]) await page.check(`input[aria-label="Select ${name}"]`);
  await page.click("text=Delete selected (3)");
  await page.locator('[role="alertdialog"] button', { hasText: "Delete" }).click();
  await waitForText(page, "Deleted 3");
  await waitForText(page, "This folder is empty.");
  expect(await stored.exists("big.bin")).toBe(false);
  return seconds;
}

test("three files uploaded from the page to a DiskType storage (signed PUTs to this server), listed, previewed, downloaded and deleted", async () => {
  const seconds = await roundTrip("storages.Files", "objects-disk");
  console.info(`Disk: ${BIG_MIB} MiB + 2 small files uploaded from the browser in ${seconds.toFixed(1)} s`);
  expect(fixture.log.filter((line) => line.startsWith("upload started: storages.Files"))).toHaveLength(3);
});

test("the same to a MinioType storage on the local RADOS Gateway: the big file in signed parts, and no multipart upload left behind", async () => {
  await openObjects("storages.Cloud");
  await waitForText(page, "the bucket needs this CORS rule");
  const seconds = await roundTrip("storages.Cloud", "objects-s3");
  console.info(`S3: ${BIG_MIB} MiB + 2 small files uploaded from the browser in ${seconds.toFixed(1)} s`);
  expect(fixture.log.some((line) => line === `upload started: storages.Cloud big.bin (${files.bigSize} bytes, multipart)`)).toBe(true);
  const partSize = browserMultipartOf(await storage("storages.Cloud"))?.partSize(files.bigSize) ?? files.bigSize;
  const parts = Math.ceil(files.bigSize / partSize);
  expect(parts).toBeGreaterThan(1);
  expect(fixture.log).toContain(`upload completed: storages.Cloud big.bin (${parts} parts)`);
  expect(await pendingUploads(rawS3Client(s3Server()), fixture.bucket)).toEqual([]);
});

test("a cancelled multipart upload to S3 is aborted on the server: nothing stored, no upload left", async () => {
  await openObjects("storages.Cloud");
  await page.setInputFiles("#files", [files.big]);
  // Cancelled once parts are on their way, so that there is an upload to abort.
  await waitForTrue(page, 'Number(document.querySelector(".tasks progress")?.value) > 0');
  expect(await pendingUploads(rawS3Client(s3Server()), fixture.bucket)).toHaveLength(1);
  await page.locator(".tasks li button", { hasText: "Cancel" }).click();
  await page.locator('.tasks li[data-status="cancelled"]').waitFor({ timeout: 60_000 });
  for (let i = 0; i < 50 && (await pendingUploads(rawS3Client(s3Server()), fixture.bucket)).length > 0; i++) await new Promise((r) => setTimeout(r, 200));
  expect(await pendingUploads(rawS3Client(s3Server()), fixture.bucket)).toEqual([]);
  expect(await (await storage("storages.Cloud")).exists("big.bin")).toBe(false);
  expect(fixture.log).toContain("upload cancelled: storages.Cloud big.bin");
});
