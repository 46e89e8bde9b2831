// A server in its own process, so that its peak RSS is its own:
//   serverChild.ts ours <app root>     @elemental/server on the application
//   serverChild.ts bare <directory>    node:http + fs.createReadStream of <directory>/<url path>
// Prints {"url": ...} once listening; exits on SIGTERM.
import { createReadStream } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";

async function main(): Promise<void> {
  const [mode, root] = process.argv.slice(2);
  if (!root) throw new Error("usage: serverChild.ts ours|bare <root>");
  const url = mode === "ours" ? await ours(root) : await bare(root);
  process.stdout.write(`${JSON.stringify({ url })}\n`);
  process.once("SIGTERM", () => process.exit(0));
}

/** Loaded only in this mode, so that the bare server's RSS holds none of it. */
async function ours(root: string): Promise<string> {
  const { createApp } = await import("@elemental/core");
  const { createServer } = await import("@elemental/server");
  return (await createServer(await createApp({ root }))).url;
}

export function bare(directory: string): Promise<string> {
  const server = createHttpServer((request, response) => {
    const file = path.join(directory, decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname));
    const stream = createReadStream(file);
    stream.once("open", () => {
      response.writeHead(200, { "content-type": "application/octet-stream" });
      stream.pipe(response);
    });
    stream.once("error", () => response.writeHead(404).end());
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exit(1);
  });
}
