import type { IncomingMessage, ServerResponse } from "node:http";
import type { Handler } from "./diskHandlers";

export interface Mounted {
  handler: Handler;
  /** Stripped from the request's path first (a baseUrl such as http://localhost:3000/files). */
  mountPath: string;
}

/**
 * One request listener for several disk handlers: each one passes the requests outside its storage's
 * path on to the next; what none serves gets a 404 in the handlers' JSON form.
 */
export function requestChain(
  mounted: readonly Mounted[],
  onRequest: (req: IncomingMessage, res: ServerResponse) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    onRequest(req, res);
    const original = req.url ?? "/";
    const tryFrom = (index: number): void => {
      const next = mounted[index];
      req.url = original;
      if (next === undefined) notFound(res);
      else if (next.mountPath !== "" && !original.startsWith(`${next.mountPath}/`)) tryFrom(index + 1);
      else {
        req.url = original.slice(next.mountPath.length);
        next.handler(req, res, () => tryFrom(index + 1));
      }
    };
    tryFrom(0);
  };
}

function notFound(res: ServerResponse): void {
  const body = JSON.stringify({ code: "E_NOT_FOUND", message: "Not Found" });
  res.writeHead(404, { "Content-Type": "application/json", "Content-Length": String(Buffer.byteLength(body)), "Cache-Control": "no-store" });
  res.end(body);
}
