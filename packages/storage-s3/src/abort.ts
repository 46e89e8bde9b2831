import { setMaxListeners } from "node:events";
import type { Readable } from "node:stream";

/**
 * An AbortController that also aborts when `parent` does; `dispose` stops following the parent. With
 * `requestsInFlight`, its signal takes that many requests' listeners (ours and the SDK's) without Node's
 * warning at 10.
 */
export function linkedAbort(parent: AbortSignal | undefined, requestsInFlight = 0): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  if (requestsInFlight > 0) setMaxListeners(4 * requestsInFlight + 10, controller.signal);
  if (!parent) return { controller, dispose: () => undefined };
  const follow = (): void => controller.abort(parent.reason);
  if (parent.aborted) follow();
  else parent.addEventListener("abort", follow, { once: true });
  return { controller, dispose: () => parent.removeEventListener("abort", follow) };
}

/** The error a fetch-like API rejects with when aborted. */
export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name === "AbortError") return reason;
  return Object.assign(new Error("the operation was aborted", { cause: reason }), { name: "AbortError" });
}

/** A response body must be destroyed when its operation is aborted, or it holds its socket. */
export function destroyOnAbort(body: Readable, signal: AbortSignal | undefined): void {
  if (!signal) return;
  const onAbort = (): void => {
    body.destroy(abortError(signal));
  };
  signal.addEventListener("abort", onAbort, { once: true });
  body.once("close", () => signal.removeEventListener("abort", onAbort));
}
