import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// The page is built into the package's assets/ (shipped in the tarball, served by the console plugin):
// relative URLs so that it works under any basePath, one JS and one CSS file, no source maps in the package.
export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "./",
  build: {
    outDir: fileURLToPath(new URL("../assets", import.meta.url)),
    emptyOutDir: true,
    target: "es2022",
    modulePreload: { polyfill: false },
  },
  oxc: { jsx: { runtime: "automatic", importSource: "preact" } },
});
