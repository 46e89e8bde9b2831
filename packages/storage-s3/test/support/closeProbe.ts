// Run in a child process by lifecycle.test.ts: node -C source -r ts-node/register closeProbe.ts <root> <fullName>...
// Uses each S3 element (upload, download, signed URL, check), calls app.close(), and returns: the process
// must then exit by itself, with no socket or timer left to hold it.
import { readFileSync, readdirSync, readlinkSync } from "node:fs";
import { createApp } from "@elemental/core";
import type { S3Storage } from "../../src/S3Storage";

async function main(): Promise<void> {
  const [root, ...names] = process.argv.slice(2);
  const app = await createApp({ root });
  for (const name of names) {
    const storage = app.getElement<S3Storage>(name);
    await storage.uploadByFile("close-probe/a.txt", "bytes");
    await storage.download("close-probe/a.txt");
    await storage.getSignUrl("close-probe/a.txt");
    await storage.check();
    await storage.delete("close-probe/a.txt");
  }
  if (process.env.PROBE_SKIP_CLOSE !== "1") {
    await app.close();
    await app.close();
  }
  await new Promise((resolve) => setImmediate(resolve));
  // Sockets still open would hold the process (and count against the SDK's 50 per client).
  const sockets = openConnections();
  console.log(JSON.stringify({ closed: names, sockets }));
}

/** This process's established TCP connections (Linux: its socket descriptors matched in /proc/net/tcp*). */
function openConnections(): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync("/proc/self/fd")) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/self/fd/${fd}`));
      if (match?.[1]) inodes.add(match[1]);
    } catch {
      // closed meanwhile
    }
  }
  let count = 0;
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    for (const line of readFileSync(table, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields[3] === "01" && fields[9] !== undefined && inodes.has(fields[9])) count++;
    }
  }
  return count;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
