// One jest project per package. Tests are TypeScript, transformed by @swc/jest; workspace packages
// resolve to their TypeScript source through the "source" export condition.
const fs = require("node:fs");
const path = require("node:path");

const swc = [
  "@swc/jest",
  {
    jsc: { parser: { syntax: "typescript", decorators: false }, target: "es2022" },
    module: { type: "commonjs" },
  },
];

function project(dir) {
  const pkg = require(`./${dir}/package.json`);
  return {
    displayName: pkg.name,
    rootDir: path.join(__dirname, dir),
    testEnvironment: "node",
    testEnvironmentOptions: { customExportConditions: ["source", "node", "require", "default"] },
    transform: { "^.+\\.(t|j)sx?$": swc },
    moduleFileExtensions: ["ts", "tsx", "js", "cjs", "json", "node"],
    testMatch: ["<rootDir>/test/**/*.test.ts"],
    ...(pkg.jest || {}),
  };
}

const dirs = ["packages", "apps"]
  .flatMap((parent) =>
    fs.existsSync(parent)
      ? fs
          .readdirSync(parent)
          .map((name) => `${parent}/${name}`)
          .filter((dir) => fs.existsSync(`${dir}/test`))
      : [],
  )
  .concat(fs.existsSync("bench/test") ? ["bench"] : []);

module.exports = {
  projects: dirs.map(project),
  testTimeout: 30000,
};
