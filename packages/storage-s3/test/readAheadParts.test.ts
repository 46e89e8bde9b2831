import { PassThrough } from "node:stream";
import { ConfigProblems } from "@elemental/core";
import { awsS3Settings } from "../src/AwsS3Storage";
import { LinkMeter } from "../src/linkMeter";
import { RangeWindow } from "../src/rangeWindow";
import { readAheadWindow } from "../src/readObject";
import type { S3TuningConfig } from "../src/settings";

// The parts of the read-ahead download on their own, without a server: the link meter fed made-up chunks,
// the range window fed streams the test writes to, and the window sizes settings give.

const MiB = 1024 * 1024;

describe("LinkMeter", () => {
  it("decides nothing before a window of 1 MiB and 50 ms, then judges the whole window", () => {
    const meter = new LinkMeter();
    // 20 MiB/s would be too slow, but 49 ms is not a window yet.
    expect(meter.oneConnectionTooSlow(MiB, 49)).toBe(false);
    expect(meter.oneConnectionTooSlow(0, 1)).toBe(true);

    const fewBytes = new LinkMeter();
    // 1 MiB/s, one byte short of a window.
    expect(fewBytes.oneConnectionTooSlow(MiB - 1, 1000)).toBe(false);
    expect(fewBytes.oneConnectionTooSlow(1, 0)).toBe(true);
  });

  it("calls one window below 32 MiB/s too slow", () => {
    expect(new LinkMeter().oneConnectionTooSlow(3 * MiB, 100)).toBe(true);
  });

  it("calls a window between 32 and 64 MiB/s too slow only on the second in a row", () => {
    const meter = new LinkMeter();
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(false);
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(true);

    // Exactly 32 MiB/s is not below it: the first such window alone decides nothing.
    expect(new LinkMeter().oneConnectionTooSlow(32 * MiB, 1000)).toBe(false);
  });

  it("starts counting again after a fast window (64 MiB/s or more)", () => {
    const meter = new LinkMeter();
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(false);
    expect(meter.oneConnectionTooSlow(64 * MiB, 1000)).toBe(false);
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(false);
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(true);
  });

  it("never calls a slow reader's link slow: its chunks were waiting, not waited for", () => {
    const meter = new LinkMeter();
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(false);
    // 640 MiB in 64 KiB chunks that each came after 0.02 ms: windows at about 3 GiB/s.
    for (let i = 0; i < 10_000; i++) expect(meter.oneConnectionTooSlow(64 * 1024, 0.02)).toBe(false);
    // The fast windows reset the count: one more window of 40 MiB/s decides nothing.
    expect(meter.oneConnectionTooSlow(4 * MiB, 100)).toBe(false);
  });
});

/** A RangeWindow over `size` patterned bytes whose ranges the test feeds by hand. */
function ranges(size: number, rangeSize: number, window: number, { from = 0, failOpen = -1 } = {}) {
  const data = Buffer.from(Array.from({ length: size }, (_, i) => (i * 7 + 3) % 251));
  const opened: Array<{ start: number; end: number; body: PassThrough }> = [];
  const written: number[] = [];
  let changes = 0;
  const open = async (start: number, end: number) => {
    const body = new PassThrough();
    opened.push({ start, end, body });
    written.push(0);
    if (opened.length - 1 === failOpen) throw new Error(`no answer for ${start}-${end}`);
    return body;
  };
  const rangeWindow = new RangeWindow(open, from, size - 1, rangeSize, window, () => changes++);
  /** Writes range `index`'s next `count` bytes (by default the rest) and ends it unless told not to. */
  const send = (index: number, { count, end = true }: { count?: number; end?: boolean } = {}) => {
    const range = opened[index];
    if (!range) throw new Error(`range ${index} was not opened`);
    const from = range.start + (written[index] ?? 0);
    const to = count === undefined ? range.end + 1 : from + count;
    if (to > from) range.body.write(data.subarray(from, to));
    written[index] = to - range.start;
    if (end) range.body.end();
  };
  /** Everything take() gives until it waits (`undefined`) or ends (`null`). */
  const drain = () => {
    const out: Buffer[] = [];
    for (;;) {
      const bytes = rangeWindow.take();
      if (!bytes) return { bytes: Buffer.concat(out), last: bytes };
      out.push(Buffer.from(bytes));
    }
  };
  return { data, opened, rangeWindow, send, drain, changes: () => changes };
}

/** Lets the streams' events and the open promises run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("RangeWindow", () => {
  it("cuts ranges every rangeSize bytes up to the end inclusive, the last one shorter", () => {
    const { opened } = ranges(11, 4, 10);
    expect(opened.map(({ start, end }) => [start, end])).toEqual([
      [0, 3],
      [4, 7],
      [8, 10],
    ]);
    const { opened: fromFive } = ranges(21, 4, 10, { from: 5 });
    expect(fromFive.map(({ start, end }) => [start, end])).toEqual([
      [5, 8],
      [9, 12],
      [13, 16],
      [17, 20],
    ]);
  });

  it("opens no more than `window` ranges before the first is handed out and done", async () => {
    const { opened, send, drain, rangeWindow } = ranges(40, 4, 3);
    await settle();
    expect(opened).toHaveLength(3);
    send(1);
    send(2);
    send(0, { count: 2, end: false });
    await settle();
    expect(drain().bytes).toHaveLength(2);
    expect(opened).toHaveLength(3);
    send(0, { count: 2 });
    await settle();
    expect(rangeWindow.take()).toHaveLength(2);
    // Handed out and done, but take() has not yet moved past it.
    expect(opened).toHaveLength(3);
    expect(rangeWindow.take()).toHaveLength(4);
    expect(opened.map(({ start }) => start)).toEqual([0, 4, 8, 12]);
  });

  it("widens to more ranges at once, never fewer", async () => {
    const { opened, send, rangeWindow } = ranges(40, 4, 2);
    expect(opened).toHaveLength(2);
    rangeWindow.widen(5);
    expect(opened).toHaveLength(5);
    rangeWindow.widen(1);
    expect(opened).toHaveLength(5);
    await settle();
    send(0);
    await settle();
    expect(rangeWindow.take()).toHaveLength(4);
    // One used up, one started: still five in flight.
    expect(rangeWindow.take()).toBeUndefined();
    expect(opened).toHaveLength(6);
  });

  it("hands bytes out in order when later ranges finish first, undefined while waiting, null at the end", async () => {
    const { data, opened, send, drain, changes } = ranges(11, 4, 3);
    await settle();
    send(2);
    send(1);
    await settle();
    expect(changes()).toBeGreaterThanOrEqual(4);
    expect(drain()).toEqual({ bytes: Buffer.alloc(0), last: undefined });
    send(0);
    await settle();
    const all = drain();
    expect(all.last).toBeNull();
    expect(all.bytes.equals(data)).toBe(true);
    expect(opened).toHaveLength(3);
  });

  it("throws a later range's failure only when its turn comes, after the bytes before it", async () => {
    const { data, send, drain, opened, rangeWindow } = ranges(12, 4, 3);
    await settle();
    send(1, { count: 2, end: false });
    opened[1]?.body.destroy(new Error("range 1 broke"));
    await settle();
    send(0, { count: 3, end: false });
    await settle();
    expect(drain()).toEqual({ bytes: data.subarray(0, 3), last: undefined });
    send(0);
    await settle();
    expect(rangeWindow.take()).toEqual(data.subarray(3, 4));
    // Range 1's two bytes that came before it broke, then its failure.
    expect(rangeWindow.take()).toEqual(data.subarray(4, 6));
    expect(() => rangeWindow.take()).toThrow("range 1 broke");
  });

  it("throws a range whose request failed when its turn comes", async () => {
    const { data, send, rangeWindow } = ranges(16, 4, 3, { failOpen: 2 });
    await settle();
    send(0);
    send(1);
    await settle();
    expect(rangeWindow.take()).toEqual(data.subarray(0, 4));
    expect(rangeWindow.take()).toEqual(data.subarray(4, 8));
    expect(() => rangeWindow.take()).toThrow("no answer for 8-11");
  });

  it("fails a range that ends short, after handing out what came", async () => {
    const { data, send, rangeWindow } = ranges(8, 4, 2);
    await settle();
    send(1);
    send(0, { count: 3 });
    await settle();
    expect(rangeWindow.take()).toEqual(data.subarray(0, 3));
    expect(() => rangeWindow.take()).toThrow("the answer named bytes up to 3 but the object ends at byte 2");
  });
});

function settings(config: S3TuningConfig) {
  const problems = new ConfigProblems("test.s3", "test.s3.json");
  const resolved = awsS3Settings({ bucketName: "bucket", ...config }, problems);
  expect(problems.list()).toEqual([]);
  return resolved;
}

describe("readAheadWindow", () => {
  it("takes 24 ranges of 1.5 MiB with the default settings", () => {
    expect(readAheadWindow(settings({}))).toEqual({ rangeSize: 1572864, window: 24 });
  });

  it("keeps window x rangeSize within 9/16 of a small streamBufferSize, ranges of 1 MiB or more", () => {
    const small = settings({ streamBufferSize: 8 * MiB, queueSize: 16 });
    const { rangeSize, window } = readAheadWindow(small);
    expect(rangeSize).toBeGreaterThanOrEqual(MiB);
    expect(window * rangeSize).toBeLessThanOrEqual((8 * MiB * 9) / 16);
    expect({ rangeSize, window }).toEqual({ rangeSize: MiB, window: 4 });
  });

  it("reads nothing ahead with queueSize 1: one connection, as asked", () => {
    expect(readAheadWindow(settings({ queueSize: 1 })).window).toBe(1);
  });
});
