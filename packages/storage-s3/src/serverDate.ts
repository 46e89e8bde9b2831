import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import type { BucketLocation } from "./endpoint";

const TIMEOUT_MS = 10_000;

/**
 * The server's clock, from the Date header of an unsigned HEAD request to the bucket's host (any answer
 * will do, a 403 included). One connection, closed after the answer: nothing is left open.
 */
export function serverDate(location: BucketLocation, signal: AbortSignal | undefined): Promise<Date | undefined> {
  const request = location.protocol === "https:" ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        method: "HEAD",
        protocol: location.protocol,
        hostname: location.hostname,
        port: location.port,
        path: `${location.pathPrefix}/`,
        agent: false,
        signal,
        timeout: TIMEOUT_MS,
      },
      (response) => {
        response.resume();
        const date = response.headers.date ? new Date(response.headers.date) : undefined;
        resolve(date && !Number.isNaN(date.getTime()) ? date : undefined);
      },
    );
    req.on("timeout", () => req.destroy(Object.assign(new Error(`no answer within ${TIMEOUT_MS} ms`), { code: "ETIMEDOUT" })));
    req.on("error", reject);
    req.end();
  });
}
