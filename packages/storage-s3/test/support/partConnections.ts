import net, { type AddressInfo, type Socket } from "node:net";

/**
 * A TCP pass-through on 127.0.0.1 in front of the test server that records the most connections carrying
 * UploadPart requests (`PUT ...?partNumber=`) open at once: the parts an upload had in flight. Connections
 * that carry nothing else (the keep-alive one of CreateMultipartUpload, say) are not counted.
 */
export class PartConnections {
  peak = 0;
  private open = 0;
  private readonly sockets = new Set<Socket>();
  private readonly server: net.Server;

  private constructor(upstream: URL) {
    this.server = net.createServer((client) => {
      const server = net.connect({ host: upstream.hostname, port: Number(upstream.port || 80) });
      let carriesParts = false;
      client.on("data", (chunk: Buffer) => {
        if (carriesParts || !/^PUT \S+[?&]partNumber=/.test(chunk.toString("latin1", 0, 512))) return;
        carriesParts = true;
        this.open++;
        this.peak = Math.max(this.peak, this.open);
      });
      let closed = false;
      const close = (): void => {
        if (!closed && carriesParts) this.open--;
        closed = true;
        client.destroy();
        server.destroy();
      };
      for (const socket of [client, server]) {
        this.sockets.add(socket);
        socket
          .on("error", close)
          .on("close", close)
          .on("close", () => this.sockets.delete(socket));
      }
      client.pipe(server).pipe(client);
    });
  }

  static async start(upstream: string): Promise<PartConnections> {
    const proxy = new PartConnections(new URL(upstream));
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    return proxy;
  }

  /** `127.0.0.1:<port>`, a MinIO-style endPoint. */
  get host(): string {
    return `127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
