#!/usr/bin/env node
// The `elemental` command. Installed from npm, it runs the built JavaScript in dist/. In the repository
// (no dist/), it runs the TypeScript source: it starts Node again with the `source` export condition
// (so workspace packages resolve to their .ts files) and ts-node, configured by the repository's
// tsconfig.node.json.
"use strict";
const { existsSync } = require("node:fs");
const path = require("node:path");

const built = path.join(__dirname, "..", "dist", "main.js");
if (existsSync(built)) {
  require(built).cliMain();
} else {
  const { spawnSync } = require("node:child_process");
  const main = path.join(__dirname, "..", "src", "main.ts");
  const project = process.env.TS_NODE_PROJECT || path.join(__dirname, "..", "..", "..", "tsconfig.node.json");
  const args = ["-C", "source", "-r", require.resolve("ts-node/register", { paths: [project] }), main, ...process.argv.slice(2)];
  // Ctrl-C reaches the child too (same process group); it decides how to stop, we wait for it.
  process.on("SIGINT", () => undefined);
  const child = spawnSync(process.execPath, args, { stdio: "inherit", env: { ...process.env, TS_NODE_PROJECT: project } });
  if (child.error) throw child.error;
  process.exitCode = child.status ?? (child.signal ? 128 + 2 : 1);
}
