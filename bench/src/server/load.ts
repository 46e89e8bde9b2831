import { Agent, request } from "node:http";

/** GETs every URL of `urls`, `concurrency` at a time over keep-alive connections; returns bytes received. */
export async function load(urls: readonly string[], concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let next = 0;
  let bytes = 0;
  const worker = async (): Promise<void> => {
    while (next < urls.length) {
      const url = urls[next++] as string;
      // Not `bytes += await ...`: that reads `bytes` before the await and loses the other workers' counts.
      const received = await get(url, agent);
      bytes += received;
    }
  };
  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
  } finally {
    agent.destroy();
  }
  return bytes;
}

function get(url: string, agent: Agent): Promise<number> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      let size = 0;
      response.on("data", (chunk: Buffer) => (size += chunk.length));
      response.on("end", () => (response.statusCode === 200 ? resolve(size) : reject(new Error(`GET ${url.slice(0, 80)}: ${response.statusCode}`))));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}
