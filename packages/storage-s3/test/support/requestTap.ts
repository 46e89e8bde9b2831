import type { S3Client } from "@aws-sdk/client-s3";

/** What a request looked like on the wire, once signed. */
export interface TappedRequest {
  protocol: string;
  hostname: string;
  path: string;
  authorization: string;
}

const STOP = "request tapped";

/**
 * Records the next request the client would send, as signed, and stops it there (nothing leaves the
 * process): the real client's pipeline runs up to the network, which the providers' hosts are not reachable on.
 */
export async function tapRequest(client: S3Client, send: () => Promise<unknown>): Promise<TappedRequest> {
  let tapped: TappedRequest | undefined;
  const name = `tap-${Math.random()}`;
  client.middlewareStack.addRelativeTo(
    () => async (args: { request: unknown }) => {
      const request = args.request as { protocol: string; hostname: string; path: string; headers: Record<string, string> };
      tapped = { protocol: request.protocol, hostname: request.hostname, path: request.path, authorization: request.headers.authorization ?? "" };
      throw new Error(STOP);
    },
    { relation: "after", toMiddleware: "awsAuthMiddleware", name },
  );
  try {
    await send();
  } catch (error) {
    if (tapped === undefined) throw error;
  } finally {
    client.middlewareStack.remove(name);
  }
  if (tapped === undefined) throw new Error("no request was sent");
  return tapped;
}
