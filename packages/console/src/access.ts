import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { ConsoleError } from "./errors";

/** A random access token for one console run (printed once in the terminal, as Jupyter does). */
export function newConsoleToken(): string {
  return randomBytes(24).toString("base64url");
}

function sameSecret(given: unknown, expected: string): boolean {
  if (typeof given !== "string") return false;
  const a = createHash("sha256").update(given).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);
export const CSRF_HEADER = "x-elemental-csrf";

/**
 * The console's gate. Every request needs the token: the first one in the URL (`?token=`), answered with
 * an HttpOnly SameSite=Strict cookie and a redirect that drops it from the address bar; then the cookie.
 * Writes also need the page's CSRF value in a header (a form or image on another site cannot send one) and,
 * when the browser names an Origin, this server's own (its public or listening URL's, not what the Host header says).
 */
export class ConsoleAccess {
  /** Named after the token, so that two consoles on one host (cookies ignore ports) do not log each other out. */
  readonly cookieName: string;
  /** Given to the page in a meta tag; it is not the token. */
  readonly csrf = randomBytes(24).toString("base64url");

  constructor(
    private readonly token: string,
    readonly basePath: string,
    /** The origins the page is served from (the public URL's, the listening one's); never the client's Host header. */
    private readonly ownOrigins: () => readonly string[],
  ) {
    this.cookieName = `elemental_console_${createHash("sha256").update(token).digest("hex").slice(0, 12)}`;
  }

  /** True when it answered (a redirect that sets the cookie); throws ConsoleError when the request may not pass. */
  check(request: FastifyRequest, reply: FastifyReply): boolean {
    const query = request.query as Record<string, unknown> | undefined;
    if (request.method === "GET" && query?.token !== undefined) {
      if (!sameSecret(query.token, this.token)) throw new ConsoleError("E_UNAUTHORIZED", "the token is wrong");
      const url = new URL(request.url, "http://console.invalid");
      url.searchParams.delete("token");
      void reply
        .header("set-cookie", `${this.cookieName}=${this.token}; Path=${this.basePath}; HttpOnly; SameSite=Strict`)
        .header("cache-control", "no-store")
        .redirect(`${url.pathname}${url.search}`, 303);
      return true;
    }
    if (!sameSecret(request.cookies[this.cookieName], this.token)) {
      throw new ConsoleError("E_UNAUTHORIZED", "open the console with the URL `elemental console` printed (it carries the token)");
    }
    if (WRITE_METHODS.has(request.method)) this.checkWrite(request);
    return false;
  }

  private checkWrite(request: FastifyRequest): void {
    if (!sameSecret(request.headers[CSRF_HEADER], this.csrf)) throw new ConsoleError("E_FORBIDDEN", `a write needs the ${CSRF_HEADER} header of the page`);
    const origin = request.headers.origin;
    if (origin !== undefined && !this.ownOrigins().includes(origin)) {
      throw new ConsoleError("E_FORBIDDEN", "a write from another origin");
    }
  }
}
