import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RawReply {
  status: number | undefined;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Set when the exchange did not end cleanly: the error's code or message. */
  error: string | undefined;
}

/** One HTTP exchange that records everything, including how it broke (no retries, no keep-alive). */
export function rawRequest(
  url: string,
  options: { method?: string; body?: Buffer; headers?: Record<string, string>; timeoutMs?: number } = {},
): Promise<RawReply> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let reply: RawReply = { status: undefined, headers: {}, body: Buffer.alloc(0), error: undefined };
    const finish = (error?: Error & { code?: string }): void => {
      reply = { ...reply, body: Buffer.concat(chunks), error: reply.error ?? (error ? (error.code ?? error.message) : undefined) };
      resolve(reply);
    };
    const request = http.request(
      url,
      { method: options.method ?? "GET", headers: options.headers, agent: false, timeout: options.timeoutMs ?? 5000 },
      (response) => {
        reply.status = response.statusCode;
        reply.headers = response.headers;
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("aborted", () => (reply.error ??= "aborted"));
        response.on("error", (error) => (reply.error ??= (error as { code?: string }).code ?? error.message));
        response.on("close", () => finish());
      },
    );
    request.on("timeout", () => request.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
    request.on("error", (error) => finish(error));
    request.end(options.body);
  });
}

/** A plain upstream server: GET /bytes/N answers N known bytes, /slow/N answers after N ms; anything else echoes its body. */
export async function startEchoServer(): Promise<{ url: string; received: string[]; close: () => Promise<void> }> {
  const received: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push(`${req.method} ${req.url}`);
      const sized = /^\/bytes\/(\d+)$/.exec(req.url ?? "");
      const body = sized ? patternBytes(Number(sized[1])) : Buffer.concat(chunks);
      const answer = (): void => {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
        res.end(req.method === "HEAD" ? undefined : body);
      };
      const delay = /^\/slow\/(\d+)$/.exec(req.url ?? "");
      if (delay) setTimeout(answer, Number(delay[1]));
      else answer();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export function patternBytes(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + 7) & 0xff;
  return bytes;
}
