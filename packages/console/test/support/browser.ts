import { mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, type Page, chromium } from "playwright-core";

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads one. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
/** Kept out of git (.gitignore): each main screen, as the tests last saw it. */
export const SCREENSHOTS = path.resolve(__dirname, "../../../../.screenshots/console");

export function launch(): Promise<Browser> {
  // As root in a container Chromium's sandbox cannot start; the pages it opens are our own.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"] });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Resolves when the page's text contains `text`. */
export async function waitForText(page: Page, text: string, timeout = 30_000): Promise<void> {
  await page.getByText(text).first().waitFor({ timeout });
}

/**
 * Resolves when `expression` (evaluated in the page by the DevTools protocol) is true. Playwright's own
 * waitForFunction evaluates a string with eval in the page, which the console's CSP forbids.
 */
export async function waitForTrue(page: Page, expression: string, timeout = 30_000): Promise<void> {
  const until = Date.now() + timeout;
  while (!(await page.evaluate(expression))) {
    if (Date.now() > until) throw new Error(`not true within ${timeout} ms: ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
