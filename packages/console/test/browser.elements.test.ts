import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { launch, screenshot, waitForText } from "./support/browser";
import { type ConsoleFixture, startConsole, stopConsoles } from "./support/consoleApp";

jest.setTimeout(120_000);

let fixture: ConsoleFixture;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  fixture = await startConsole();
  browser = await launch();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await page.goto(fixture.url);
});
afterAll(async () => {
  await browser?.close();
  await stopConsoles();
});

test("without the token the console is refused; the printed URL opens it and drops the token from the address bar", async () => {
  const stranger = await (await browser.newContext()).newPage();
  const refused = await stranger.goto(`${fixture.server.url}/console/`);
  expect(refused?.status()).toBe(401);
  await page.goto(fixture.url);
  expect(page.url()).toBe(`${fixture.server.url}/console/`);
  await waitForText(page, "storages.Meta");
  await waitForText(page, "storages.Files");
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText, as the reader sees the text (one element a line)
  const text = await page.innerText("body");
  expect(text).toMatch(/storages\.DiskType\s+inherited/);
  expect(text).toMatch(/storages\.Files\s+declared here/);
  await screenshot(page, "elements");
});

test("a DiskType instance made with the form appears in the tree, is written as `elemental new` writes it, and its check runs", async () => {
  await page.goto(`${fixture.server.url}/console/#/new/storages.DiskType`);
  await page.waitForSelector("#field-directory");
  await page.fill("#element", "storages/Made");
  await page.fill("#field-directory", "appData/made");
  await page.press("#field-directory", "Enter"); // the form is submitted from the keyboard
  await waitForText(page, "Saved storages.Made");
  await waitForText(page, "Storage check: it works");
  await screenshot(page, "new-instance");
  const dir = path.join(fixture.root, "storages/Made");
  expect(readFileSync(path.join(dir, "e.json"), "utf8")).toBe(`${JSON.stringify({ title: "Made", type: "storages.DiskType" }, null, 2)}\n`);
  expect(JSON.parse(readFileSync(path.join(dir, "Made.json"), "utf8"))).toMatchObject({ directory: "appData/made" });
  expect(existsSync(path.join(fixture.root, "appData/made"))).toBe(true); // DiskType's onCreate made it
  expect(fixture.log.some((line) => line.startsWith("created storages.Made (storages.DiskType)"))).toBe(true);
  await page.click('a[href="#/elements/storages.Made"]');
  await waitForText(page, "Browse objects");
  expect(await page.$$eval("nav.tree a", (links) => links.map((a) => a.textContent))).toContain("storages.Made");
});

test("the instance made in the console takes uploads and downloads at once: its signed URLs are served by the console", async () => {
  const file = path.join(fixture.root, "hello.txt");
  writeFileSync(file, "made in the console\n");
  await page.goto(`${fixture.server.url}/console/#/objects/storages.Made`);
  await page.reload();
  await page.setInputFiles("#files", [file]);
  await page.locator('.tasks li[data-status="done"]').waitFor();
  expect(readFileSync(path.join(fixture.root, "appData/made/hello.txt"), "utf8")).toBe("made in the console\n");
  const [download] = await Promise.all([page.waitForEvent("download"), page.click('button[aria-label="Download hello.txt"]')]);
  expect(readFileSync((await download.path()) as string, "utf8")).toBe("made in the console\n");
});

test("a config error is shown at its field with the message `elemental validate` gives, and nothing is written", async () => {
  await page.goto(`${fixture.server.url}/console/#/new/storages.DiskType`);
  await page.waitForSelector("#field-directory");
  await page.fill("#element", "storages/Broken");
  await page.fill("#field-directory", "");
  await page.click('button[type="submit"]');
  await page.waitForSelector("#field-directory-error");
  const message = await page.$eval("#field-directory-error", (p) => p.textContent);
  expect(message).toBe(`${path.join(fixture.root, "storages/Broken/Broken.json")}#/directory: is required`);
  expect(await page.$eval("#field-directory", (input) => input.getAttribute("aria-invalid"))).toBe("true");
  expect(existsSync(path.join(fixture.root, "storages/Broken"))).toBe(false);
  await screenshot(page, "config-error");
});

test("at 200 % zoom (a 1280 px window is 640 CSS px wide) no screen scrolls sideways, and the keyboard reaches every control with a visible focus", async () => {
  const zoomed = await (await browser.newContext({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 })).newPage();
  await zoomed.goto(fixture.url);
  for (const screen of ["#/elements/storages.Cloud", "#/new/storages.MinioType", "#/objects/storages.Files"]) {
    await zoomed.goto(`${fixture.server.url}/console/${screen}`);
    await zoomed.reload();
    await zoomed.waitForSelector("main h2");
    expect(await zoomed.evaluate("document.documentElement.scrollWidth <= window.innerWidth")).toBe(true);
  }
  await screenshot(zoomed, "objects-200-percent");
  // Tab from the top: the skip link first, then the screens, then the objects screen's controls.
  await zoomed.keyboard.press("Tab");
  expect(await zoomed.evaluate("document.activeElement.textContent")).toBe("Skip to content");
  const reached = new Set<string>();
  // Until focus leaves the page (the empty folder's last control is the link expiry; Delete is disabled).
  for (let i = 0; i < 20; i++) {
    await zoomed.keyboard.press("Tab");
    if (await zoomed.evaluate("document.activeElement === document.body")) break;
    reached.add(String(await zoomed.evaluate("document.activeElement.id || document.activeElement.textContent")));
    expect(await zoomed.evaluate("getComputedStyle(document.activeElement).outlineStyle")).toBe("solid");
  }
  expect([...reached]).toEqual(expect.arrayContaining(["Elements", "Objects", "files", "search", "expires"]));
});
