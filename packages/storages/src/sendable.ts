import type { Readable } from "node:stream";
import { progressCounter, type UploadBody } from "./body";
import { exactLength } from "./exactLength";
import type { TransferProgress } from "./types";

/**
 * The stream a Type reads: held to its announced size, counted for progress; its failure fails the source's
 * reader. For a local file it is made only when the Type asks for it: a Type that reads the file's ranges
 * instead must not have a progress counter start reading the stream behind its back.
 */
export function sendableStream(body: UploadBody & { kind: "stream" }, onProgress: ((progress: TransferProgress) => void) | undefined): UploadBody {
  if (body.file) {
    let made: Readable | undefined;
    const { size, file } = body;
    return {
      kind: "stream",
      size,
      file,
      get stream() {
        made ??= counted(body, onProgress);
        return made;
      },
    };
  }
  return { kind: "stream", stream: counted(body, onProgress), size: body.size };
}

function counted(body: UploadBody & { kind: "stream" }, onProgress: ((progress: TransferProgress) => void) | undefined): Readable {
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
  return stream;
}
