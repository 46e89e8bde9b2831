import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { BODY_FAULTS, FAULT_KINDS, FaultChooser, type FaultKind, type FaultPlan, s3ErrorXml, s3OperationOf } from "./faultPlan";

export interface FaultStats {
  requests: number;
  /** Faults actually injected, by kind. */
  injected: Record<FaultKind, number>;
  /** Body faults chosen for a response that had no body to break (passed through instead). */
  notApplicable: number;
  /**
   * By S3 operation: requests the server handled whose answer a fault then cut (resetResponse, truncate,
   * wrongLength). The work was done, the client does not know it: a retried CreateMultipartUpload leaves
   * the upload the lost answer named behind.
   */
  answersCut: Record<string, number>;
  /** By S3 operation: forwarded requests the client gave up on (timeout, abort) before their answer was whole. */
  answersAbandoned: Record<string, number>;
  /**
   * By S3 operation: 2xx answers whose headers went out whole and whose body a fault then broke. For
   * GetObject the SDK has already handed the body to its caller, so it cannot retry: the caller sees it.
   */
  bodiesBroken: Record<string, number>;
}

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade", "expect"]);

/**
 * An HTTP proxy on loopback that forwards bytes to an upstream server (here Ceph RGW) and injects the
 * faults of the current plan. The Host header passes through untouched, so SigV4 signatures made for the
 * proxy's address still verify upstream.
 */
export class FaultProxy {
  readonly stats: FaultStats = emptyStats();
  private chooser = new FaultChooser({ rules: [] });
  private readonly server: http.Server;
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  private readonly sockets = new Set<Socket>();
  private readonly cutResponses = new WeakSet<ServerResponse>();
  private readonly upstream: URL;
  private port = 0;

  private constructor(upstream: string) {
    this.upstream = new URL(upstream);
    this.server = http.createServer({ keepAlive: true }, (req, res) => this.handle(req, res));
    this.server.on("connection", (socket: Socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
    });
    this.server.on("clientError", (_error, socket) => socket.destroy());
  }

  /** Starts a proxy on 127.0.0.1 (a free port) in front of `upstream` (e.g. `http://127.0.0.1:7480`). */
  static async start(upstream: string): Promise<FaultProxy> {
    const proxy = new FaultProxy(upstream);
    await new Promise<void>((resolve) => proxy.server.listen(0, "127.0.0.1", resolve));
    proxy.port = (proxy.server.address() as AddressInfo).port;
    return proxy;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Replaces the fault plan; requests already in flight keep the fault they were given. */
  setPlan(plan: FaultPlan): void {
    this.chooser = new FaultChooser(plan);
  }

  /** Stops injecting faults. */
  clearPlan(): void {
    this.setPlan({ rules: [] });
  }

  get totalInjected(): number {
    return Object.values(this.stats.injected).reduce((sum, n) => sum + n, 0);
  }

  resetStats(): void {
    Object.assign(this.stats, emptyStats());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.agent.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    this.stats.requests++;
    const fault = this.chooser.choose({ method: req.method ?? "GET", url: req.url ?? "/" });
    if (fault === "resetRequest") this.resetRequest(req);
    else if (fault === "status500" || fault === "status503") this.replyError(req, res, fault);
    else if (fault === "stall") this.stall(req);
    else this.forward(req, res, fault);
  }

  private count(kind: FaultKind): void {
    this.stats.injected[kind]++;
  }

  private tally(counts: Record<string, number>, req: IncomingMessage): void {
    const operation = s3OperationOf({ method: req.method ?? "GET", url: req.url ?? "/" });
    counts[operation] = (counts[operation] ?? 0) + 1;
  }

  /** Resets the connection once part of the request has arrived (at once when it has no body). */
  private resetRequest(req: IncomingMessage): void {
    this.count("resetRequest");
    const hasBody = Number(req.headers["content-length"] ?? 0) > 0 || req.headers["transfer-encoding"] !== undefined;
    if (!hasBody) return void req.socket.resetAndDestroy();
    req.once("data", () => req.socket.resetAndDestroy());
  }

  private replyError(req: IncomingMessage, res: ServerResponse, kind: "status500" | "status503"): void {
    this.count(kind);
    const requestId = `FAULT${this.stats.requests}`;
    const body = s3ErrorXml(kind === "status503" ? "SlowDown" : "InternalError", requestId);
    req.resume();
    req.on("end", () => {
      res.writeHead(kind === "status503" ? 503 : 500, {
        "content-type": "application/xml",
        "content-length": Buffer.byteLength(body),
        "x-amz-request-id": requestId,
      });
      res.end(body);
    });
  }

  /** Takes the request and never answers; the client's timeout has to end it. */
  private stall(req: IncomingMessage): void {
    this.count("stall");
    req.resume();
  }

  private forward(req: IncomingMessage, res: ServerResponse, fault: FaultKind | undefined): void {
    const upstreamRequest = http.request({
      host: this.upstream.hostname,
      port: this.upstream.port,
      method: req.method,
      path: req.url,
      headers: withoutHopByHop(req.headers),
      agent: this.agent,
    });
    // A client that gives up (timeout, abort) must look the same upstream: the request is cut off there too.
    res.on("close", () => {
      if (res.writableFinished) return;
      upstreamRequest.destroy();
      if (!this.cutResponses.has(res)) this.tally(this.stats.answersAbandoned, req);
    });
    upstreamRequest.on("error", () => {
      if (!res.headersSent) res.writeHead(502, { "content-length": 0 }).end();
      else res.destroy();
    });
    upstreamRequest.on("response", (upstream) => this.respond(req, upstream, res, fault));
    req.pipe(upstreamRequest);
  }

  private respond(req: IncomingMessage, upstream: IncomingMessage, res: ServerResponse, fault: FaultKind | undefined): void {
    const length = Number(upstream.headers["content-length"] ?? Number.NaN);
    const hasBody = req.method !== "HEAD" && upstream.statusCode !== 204 && upstream.statusCode !== 304 && length > 0;
    if (fault !== undefined && BODY_FAULTS.has(fault) && !(hasBody && (upstream.statusCode ?? 0) < 300)) {
      this.stats.notApplicable++;
      fault = undefined;
    }
    const headers = withoutHopByHop(upstream.headers);
    if (fault === "wrongLength") headers["content-length"] = String(length + 1 + Math.ceil(length / 2));
    res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, headers);
    if (fault === undefined) return void upstream.pipe(res);
    // Here the fault is one that cuts the answer: resetResponse, truncate or wrongLength.
    this.count(fault);
    this.cutResponses.add(res);
    this.tally(this.stats.answersCut, req);
    const cutAt = hasBody ? Math.floor(length / 2) : 0;
    if ((fault === "wrongLength" || cutAt > 0) && (upstream.statusCode ?? 0) < 300) this.tally(this.stats.bodiesBroken, req);
    if (fault === "wrongLength") {
      upstream.on("data", (chunk: Buffer) => res.write(chunk));
      upstream.on("end", () => res.socket?.end()); // flushes what was written, then FIN
      return;
    }
    // resetResponse and truncate: send the first half of the body (nothing, when there is none), then cut:
    // an RST once those bytes are in the kernel, or a FIN after them.
    const cut = (): void => {
      if (fault === "resetResponse") res.socket?.resetAndDestroy();
      else res.socket?.end();
    };
    let sent = 0;
    upstream.on("data", (chunk: Buffer) => {
      if (sent >= cutAt) return;
      const part = chunk.subarray(0, cutAt - sent);
      sent += part.length;
      res.write(part, () => {
        if (sent >= cutAt) cut();
      });
    });
    upstream.on("end", () => {
      if (cutAt === 0) cut();
    });
  }
}

function emptyStats(): FaultStats {
  const injected = Object.fromEntries(FAULT_KINDS.map((kind) => [kind, 0])) as Record<FaultKind, number>;
  return { requests: 0, injected, notApplicable: 0, answersCut: {}, answersAbandoned: {}, bodiesBroken: {} };
}

function withoutHopByHop(headers: http.IncomingHttpHeaders): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined && !HOP_BY_HOP.has(name)) out[name] = value;
  }
  return out;
}
