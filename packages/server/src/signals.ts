import type { ElementalServer } from "./createServer";

/**
 * Closes the server gracefully on the first SIGINT or SIGTERM (transfers in flight finish), then lets the
 * process exit; a second signal exits at once. Returns a function that removes the handlers.
 */
export function closeOnSignals(
  server: ElementalServer,
  signals: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM"],
  onClosed: (error?: unknown) => void = (error) => process.exit(error === undefined ? 0 : 1),
): () => void {
  let closing = false;
  const handler = (signal: NodeJS.Signals) => {
    if (closing) process.exit(signal === "SIGINT" ? 130 : 143);
    closing = true;
    server.close().then(() => onClosed(), onClosed);
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
