import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

/** Where the package's built page is: `assets/` beside `src/` (workspace) or `dist/` (installed). */
export const ASSETS_DIR = path.resolve(__dirname, "../assets");

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
};

export interface Asset {
  body: Buffer;
  type: string;
}

/** The built files, read once: the page is a few small files, and nothing is fetched from the network. */
export function readAssets(dir: string = ASSETS_DIR): Map<string, Asset> {
  if (!existsSync(path.join(dir, "index.html"))) {
    throw new Error(`the console's page is not built (${dir}): run \`pnpm --filter @elemental/console build:client\``);
  }
  const assets = new Map<string, Asset>();
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const file = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(file);
      else
        assets.set(path.relative(dir, file).split(path.sep).join("/"), {
          body: readFileSync(file),
          type: TYPES[path.extname(file)] ?? "application/octet-stream",
        });
    }
  };
  walk(dir);
  return assets;
}

/** The page with the CSRF value in its meta tag (the built page holds a placeholder). */
export function pageWithCsrf(page: Asset, csrf: string): Buffer {
  return Buffer.from(page.body.toString("utf8").replace("__ELEMENTAL_CSRF__", csrf));
}
