import path from "node:path";
import { createApp } from "@elemental/core";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "../../..");
  const app = await createApp({ root });
  const defines = Object.values(app.getAllElementsDefine()).sort((a, b) => a.fullName.localeCompare(b.fullName));
  console.log(`Application ${app.appId ?? root}: ${defines.length} elements`);
  for (const define of defines) console.log(`  ${define.fullName.padEnd(28)} ${define.kind.padEnd(9)} ${(define.type || "-").padEnd(24)} ${define.title}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
