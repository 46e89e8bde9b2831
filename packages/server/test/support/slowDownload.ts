import { request } from "node:http";

/**
 * GETs `url` and holds the body back for `pauseMs` once the response has started, calling `whilePaused`
 * then (a close, a signal), so that it happens while most of the body is still to come. Resolves with the
 * bytes received.
 */
export function slowDownload(url: string, whilePaused: () => void = () => {}, pauseMs = 300): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    request(url, (response) => {
      let total = 0;
      response.pause();
      whilePaused();
      setTimeout(() => response.resume(), pauseMs);
      response.on("data", (chunk: Buffer) => (total += chunk.length));
      response.on("end", () => resolve(total));
      response.on("error", reject);
    })
      .on("error", reject)
      .end();
  });
}
