import type { Server, ServerResponse } from "node:http";

/**
 * Node closes the connections that are idle when `server.close()` is called; a connection whose transfer
 * ends later would stay open for its keep-alive timeout (5 s). This tracks responses in flight, so that
 * once closing, each connection is closed as soon as its last response has been sent.
 */
export function closeWhenDone(server: Server): () => void {
  const inFlight = new Set<ServerResponse>();
  let closing = false;
  server.on("request", (_request, response: ServerResponse) => {
    inFlight.add(response);
    if (closing) response.shouldKeepAlive = false;
    response.once("close", () => {
      inFlight.delete(response);
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  return () => {
    closing = true;
    for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
  };
}
