/**
 * Resolves with the signal's name on Ctrl-C (the CLI's abort signal) or SIGTERM, for the commands that
 * run until stopped (`serve`, `console`). Whichever comes first, both listeners are removed.
 */
export function stopSignal(interrupted: AbortSignal): Promise<"SIGINT" | "SIGTERM"> {
  return new Promise((resolve) => {
    const stop = (signal: "SIGINT" | "SIGTERM"): void => {
      process.removeListener("SIGTERM", onTerm);
      interrupted.removeEventListener("abort", onAbort);
      resolve(signal);
    };
    const onTerm = (): void => stop("SIGTERM");
    const onAbort = (): void => stop("SIGINT");
    if (interrupted.aborted) return stop("SIGINT");
    process.once("SIGTERM", onTerm);
    interrupted.addEventListener("abort", onAbort, { once: true });
  });
}
