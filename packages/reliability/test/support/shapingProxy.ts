import net, { type AddressInfo, type Socket } from "node:net";
import { performance } from "node:perf_hooks";

/** How every TCP connection through the proxy is shaped, each way on its own. */
export interface Shaping {
  /** The cap on each connection in each direction; undefined is no cap. */
  bytesPerSecond?: number;
  /** Added to every byte's trip in each direction (so a round trip gains twice this). */
  latencyMs?: number;
}

export interface ShapingStats {
  connections: number;
  /** Client to server. */
  bytesUp: number;
  /** Server to client. */
  bytesDown: number;
  /** The most bytes one direction of one connection ever held (bounded: the source is paused past its limit). */
  maxQueuedBytes: number;
}

/** What one direction may hold beyond the bytes the added latency keeps in flight. */
const SLACK_BYTES = 1024 * 1024;

/**
 * A TCP proxy on 127.0.0.1 that makes loopback look like a WAN link: each connection is capped at
 * `bytesPerSecond` each way and every byte arrives `latencyMs` late, in each direction, and a new
 * connection costs one added round trip (the handshake). The kernel's netem/tbf qdiscs would do this
 * better but need privileges these machines do not give, hence user space. Bytes pass untouched
 * (HTTP, Host header and SigV4 signatures included). Memory is bounded: a direction that holds more than
 * its bandwidth x latency plus 1 MiB pauses its source socket until the link has drained.
 */
export class ShapingProxy {
  readonly stats: ShapingStats = { connections: 0, bytesUp: 0, bytesDown: 0, maxQueuedBytes: 0 };
  private readonly server: net.Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;

  private constructor(
    private readonly upstream: URL,
    private shaping: Shaping,
  ) {
    this.server = net.createServer({ allowHalfOpen: true }, (client) => this.accept(client));
  }

  /** Starts a proxy on 127.0.0.1 (a free port) in front of `upstream` (e.g. `http://127.0.0.1:7480`). */
  static async start(upstream: string, shaping: Shaping = {}): Promise<ShapingProxy> {
    const proxy = new ShapingProxy(new URL(upstream), shaping);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Applies to the bytes that arrive from now on, on open connections too. */
  setShaping(shaping: Shaping): void {
    this.shaping = shaping;
  }

  /** Cuts every open connection both ways, as a link that goes down: what either side had queued is lost. */
  dropConnections(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.on("close", () => this.sockets.delete(socket));
  }

  private accept(client: Socket): void {
    this.stats.connections++;
    this.track(client);
    client.pause();
    const connect = (): void => {
      if (client.destroyed) return;
      const server = net.connect({ host: this.upstream.hostname, port: Number(this.upstream.port || 80), allowHalfOpen: true });
      this.track(server);
      const endBoth = (): void => {
        client.destroy();
        server.destroy();
      };
      client.on("error", endBoth).on("close", endBoth);
      server.on("error", endBoth).on("close", endBoth);
      server.once("connect", () => {
        this.pipe(client, server, "bytesUp");
        this.pipe(server, client, "bytesDown");
      });
    };
    const handshake = 2 * (this.shaping.latencyMs ?? 0);
    if (handshake > 0) setTimeout(connect, handshake);
    else connect();
  }

  /**
   * One direction. Each chunk is given the moment the capped link has finished sending it (a token bucket
   * whose burst is one chunk: the link is busy until then) and is written out `latencyMs` after that.
   */
  private pipe(from: Socket, to: Socket, counter: "bytesUp" | "bytesDown"): void {
    const queue: Array<{ chunk: Buffer; due: number }> = [];
    let linkBusyUntil = 0;
    let queued = 0;
    let limit = SLACK_BYTES;
    let ended = false;
    let timer: NodeJS.Timeout | undefined;
    const flush = (): void => {
      timer = undefined;
      if (to.destroyed) return;
      const now = performance.now();
      while (queue.length > 0 && (queue[0] as { due: number }).due <= now + 0.5) {
        const { chunk } = queue.shift() as { chunk: Buffer };
        queued -= chunk.length;
        to.write(chunk);
      }
      if (queue.length > 0) timer = setTimeout(flush, Math.max(1, (queue[0] as { due: number }).due - now));
      else if (ended) to.end();
      resumeIfRoom();
    };
    const resumeIfRoom = (): void => {
      if (from.isPaused() && queued <= limit / 2 && to.writableLength <= limit / 2) from.resume();
    };
    to.on("drain", resumeIfRoom);
    from.on("data", (chunk: Buffer) => {
      const { bytesPerSecond, latencyMs = 0 } = this.shaping;
      const now = performance.now();
      const sendMs = bytesPerSecond ? (chunk.length / bytesPerSecond) * 1000 : 0;
      linkBusyUntil = Math.max(now, linkBusyUntil) + sendMs;
      queue.push({ chunk, due: linkBusyUntil + latencyMs });
      queued += chunk.length;
      this.stats[counter] += chunk.length;
      this.stats.maxQueuedBytes = Math.max(this.stats.maxQueuedBytes, queued);
      limit = (bytesPerSecond ?? 0) * (latencyMs / 1000) + SLACK_BYTES;
      if (queued > limit || to.writableLength > limit) from.pause();
      timer ??= setTimeout(flush, Math.max(0, (queue[0] as { due: number }).due - now));
    });
    from.on("end", () => {
      ended = true;
      timer ??= setTimeout(flush, 0);
    });
    to.on("close", () => clearTimeout(timer));
    from.resume();
  }
}
