import { crc32, deflateSync } from "node:zlib";
import sharp from "sharp";

/** A real image made here: a gradient of width x height, as PNG or JPEG. */
export function makeImage(format: "png" | "jpeg", width: number, height: number): Promise<Buffer> {
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) pixels.writeUIntBE(((i % width) * 255) / width, i * 3, 1);
  return sharp(pixels, { raw: { width, height, channels: 3 } })
    [format]()
    .toBuffer();
}

/** The width, height and format of an encoded image, by decoding it. */
export async function decoded(bytes: Buffer): Promise<{ width: number; height: number; format: string }> {
  const { info } = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
  const { format } = await sharp(bytes).metadata();
  return { width: info.width, height: info.height, format: String(format) };
}

/**
 * A decompression bomb: a valid PNG header announcing width x height pixels, with one small compressed
 * row. Decoding it would need width x height x 3 bytes; a pixel limit refuses it from the header.
 */
export function pngBomb(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk("IHDR", header), chunk("IDAT", deflateSync(Buffer.alloc(1 + width * 3))), chunk("IEND", Buffer.alloc(0))]);
}
