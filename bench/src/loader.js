// A light require hook for bench child processes. ts-node loads the TypeScript compiler (~80 MiB of
// RSS), which would swamp the peak-RSS figures, so children compile .ts with swc instead and cache the
// output on disk: after the warm-up run a child never loads a compiler at all. A child that had to compile
// (a source changed since) says so, and the harness takes that sample again.
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");
const os = require("node:os");

const cacheDir = process.env.BENCH_TS_CACHE || path.join(os.tmpdir(), "elemental-bench-ts-cache");
fs.mkdirSync(cacheDir, { recursive: true });
let swc;

function compile(source, filename) {
  swc ??= require("@swc/core");
  return swc.transformSync(source, {
    filename,
    jsc: { parser: { syntax: "typescript" }, target: "es2022" },
    module: { type: "commonjs" },
  }).code;
}

require.extensions[".ts"] = function loadTypeScript(module, filename) {
  const source = fs.readFileSync(filename, "utf8");
  const key = crypto.createHash("sha1").update(filename).update("\0").update(source).digest("hex");
  const cached = path.join(cacheDir, `${key}.js`);
  let code;
  try {
    code = fs.readFileSync(cached, "utf8");
  } catch {
    globalThis.__benchCompiledFiles = (globalThis.__benchCompiledFiles ?? 0) + 1;
    code = compile(source, filename);
    const tmp = `${cached}.${process.pid}`;
    fs.writeFileSync(tmp, code);
    fs.renameSync(tmp, cached);
  }
  module._compile(code, filename);
};
