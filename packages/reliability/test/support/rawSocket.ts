import net from "node:net";

export interface Flood {
  /** Bytes the client managed to write before the connection closed or it gave up. */
  written: number;
  /** Whether the server closed the connection (or reset it) within the time given. */
  closed: boolean;
  /** What the server answered before closing, if anything. */
  answer: string;
}

/**
 * Sends `head` (an HTTP request line and headers, chunked), then chunks of a body as fast as the server
 * takes them, for at most `forMs`: a client that never stops uploading. Reports whether the server
 * closed the connection, and how much it had taken.
 */
export function floodUpload(origin: string, head: string, forMs: number): Promise<Flood> {
  const { hostname, port } = new URL(origin);
  const chunk = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), Buffer.alloc(64 * 1024, 0x61), Buffer.from("\r\n")]);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let written = 0;
    let answer = "";
    let settled = false;
    const finish = (closed: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ written, closed, answer });
    };
    const timer = setTimeout(() => finish(false), forMs);
    socket.on("data", (data: Buffer) => (answer += data.toString("latin1")));
    socket.on("close", () => finish(true));
    socket.on("error", () => finish(true));
    const pump = (): void => {
      while (!settled && socket.write(chunk)) written += chunk.length;
      if (!settled) written += chunk.length;
    };
    socket.on("drain", pump);
    socket.once("connect", () => {
      socket.write(head);
      pump();
    });
  });
}

/** Opens `count` connections that each send `request` and then never read: stalled readers. */
export async function stalledReaders(origin: string, request: string, count: number): Promise<net.Socket[]> {
  const { hostname, port } = new URL(origin);
  return Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(Number(port), hostname, () => {
            socket.pause(); // reads nothing: the server's writes back up
            socket.write(request);
            resolve(socket);
          });
          socket.on("error", () => undefined);
          socket.once("error", reject);
        }),
    ),
  );
}
