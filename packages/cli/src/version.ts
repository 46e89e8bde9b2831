/** The version of @elemental/cli (every Elemental package is released with the same one). */
export function cliVersion(): string {
  return (require("../package.json") as { version: string }).version;
}
