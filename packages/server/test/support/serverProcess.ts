// A server in its own process, for tests: `node -C source -r ts-node/register serverProcess.ts <app root>`.
// Prints `{"url": ...}` once listening; closes gracefully on SIGINT or SIGTERM.
import { createApp } from "@elemental/core";
import { closeOnSignals, createServer } from "../../src";

async function main(): Promise<void> {
  const root = process.argv[2];
  if (!root) throw new Error("usage: serverProcess.ts <app root>");
  const server = await createServer(await createApp({ root }), { authorizeUpload: () => true });
  closeOnSignals(server);
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
