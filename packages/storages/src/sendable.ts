import { progressCounter, type UploadBody } from "./body";
import { exactLength } from "./exactLength";
import type { TransferProgress } from "./types";

/** The stream a Type reads: held to its announced size, counted for progress; its failure fails the source's reader. */
export function sendableStream(body: UploadBody & { kind: "stream" }, onProgress: ((progress: TransferProgress) => void) | undefined): UploadBody {
  let stream = exactLength(body.stream, body.size);
  if (onProgress) {
    const counter = progressCounter(body.size, onProgress);
    stream.once("error", (error) => counter.destroy(error));
    counter.once("close", () => {
      if (!counter.readableEnded) stream.destroy();
    });
    // The counter starts flowing at once, but a Type may subscribe later (after opening a file): without
    // a listener, an error before then (a throwing onProgress) would be an uncaught 'error' event. The
    // Type still sees it: reading an errored stream fails with its error.
    counter.on("error", () => undefined);
    stream = stream.pipe(counter);
  }
  return { kind: "stream", stream, size: body.size };
}
