import { readFileSync } from "node:fs";

/**
 * This process's peak resident set size in MiB. On Linux it is VmHWM from /proc/self/status, not
 * `process.resourceUsage().maxRSS`: getrusage's maxrss survives fork + exec, so a child spawned by a
 * bigger parent reports the parent's RSS (a child of a 300 MiB parent says 300 MiB where VmHWM says 40).
 */
export function peakRssMiB(): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB$/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]) / 1024;
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS / 1024;
}
