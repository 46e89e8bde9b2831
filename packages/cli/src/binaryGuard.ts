import { Transform, type TransformCallback } from "node:stream";
import { TextDecoder } from "node:util";
import { CliError } from "./errors";

/** How much of the start of the bytes is looked at: enough for any text format's header. */
const INSPECTED = 8192;

/**
 * Passes bytes through unless their start looks binary (a NUL byte, or not UTF-8); then it fails before
 * writing anything. For standard output on a terminal, where binary bytes garble the screen (curl refuses too).
 */
export function refuseBinary(key: string): Transform {
  const decoder = new TextDecoder("utf-8", { fatal: true });
  let inspected = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      if (inspected < INSPECTED) {
        const start = chunk.subarray(0, INSPECTED - inspected);
        inspected += start.length;
        if (looksBinary(start, decoder)) {
          callback(
            new CliError("E_USAGE", `${key} looks binary and standard output is a terminal: not writing it there`, {
              help: "Redirect it (> file) or pipe it, name a file instead of -, or pass --force to write it to the terminal anyway.",
            }),
          );
          return;
        }
      }
      callback(null, chunk);
    },
  });
}

function looksBinary(bytes: Uint8Array, decoder: TextDecoder): boolean {
  if (bytes.includes(0)) return true;
  try {
    decoder.decode(bytes, { stream: true }); // stream: a character cut at the end of a chunk is not an error
    return false;
  } catch {
    return true;
  }
}
