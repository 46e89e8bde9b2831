import type { FastifyReply } from "fastify";

/**
 * A strict policy: scripts and styles only from this server (no inline script, no eval), nothing may frame
 * the console, no plugins. Images and fetches may also go to the storages' own origins (signed URLs: previews,
 * direct uploads), named one by one.
 */
export function contentSecurityPolicy(storageOrigins: readonly string[]): string {
  const origins = ["'self'", ...storageOrigins].join(" ");
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    `img-src ${origins} blob: data:`,
    `connect-src ${origins}`,
    "font-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join("; ");
}

export function setSecurityHeaders(reply: FastifyReply, csp: string): void {
  void reply
    .header("content-security-policy", csp)
    .header("x-content-type-options", "nosniff")
    .header("x-frame-options", "DENY")
    .header("referrer-policy", "no-referrer")
    .header("cross-origin-opener-policy", "same-origin");
}
