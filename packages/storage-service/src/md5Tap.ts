import { createHash } from "node:crypto";
import { Transform, type TransformCallback } from "node:stream";
import { ServiceError } from "@elemental/services";

/** Passes bytes through while counting them and computing their MD5; fails past `maxBytes`. */
export class Md5Tap extends Transform {
  private readonly hash = createHash("md5");
  size = 0;
  /** The limit error, when the body went past `maxBytes`. */
  failure: ServiceError | undefined;

  constructor(private readonly maxBytes = Number.POSITIVE_INFINITY) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.size += chunk.length;
    if (this.size > this.maxBytes) {
      this.failure = new ServiceError("E_TOO_LARGE", `the body is larger than ${this.maxBytes} bytes`);
      callback(this.failure);
      return;
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  md5(): string {
    return this.hash.digest("hex");
  }
}

export function md5Of(bytes: Buffer): string {
  return createHash("md5").update(bytes).digest("hex");
}
