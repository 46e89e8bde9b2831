import { getEventListeners } from "node:events";
import { stopSignal } from "../src/stopSignal";

test("Ctrl-C resolves SIGINT and leaves no SIGTERM listener behind", async () => {
  const before = process.listenerCount("SIGTERM");
  const controller = new AbortController();
  const stopped = stopSignal(controller.signal);
  expect(process.listenerCount("SIGTERM")).toBe(before + 1);
  controller.abort();
  await expect(stopped).resolves.toBe("SIGINT");
  expect(process.listenerCount("SIGTERM")).toBe(before);
});

test("SIGTERM resolves SIGTERM and leaves no abort listener behind", async () => {
  const controller = new AbortController();
  const stopped = stopSignal(controller.signal);
  process.emit("SIGTERM");
  await expect(stopped).resolves.toBe("SIGTERM");
  expect(getEventListeners(controller.signal, "abort")).toEqual([]);
});

test("an already aborted signal resolves SIGINT without listening", async () => {
  const before = process.listenerCount("SIGTERM");
  await expect(stopSignal(AbortSignal.abort())).resolves.toBe("SIGINT");
  expect(process.listenerCount("SIGTERM")).toBe(before);
});
