import type { ConsoleFixture } from "./consoleApp";

/** A logged-in client of the console's API, as the page is: the cookie from the token URL and the page's CSRF value. */
export interface Session {
  get<T>(path: string): Promise<{ status: number; body: T }>;
  send<T>(method: string, path: string, body: unknown): Promise<{ status: number; body: T }>;
}

export async function session(fixture: ConsoleFixture): Promise<Session> {
  const opened = await fetch(fixture.url, { redirect: "manual" });
  const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] as string;
  const page = await (await fetch(`${fixture.server.url}/console/`, { headers: { cookie } })).text();
  const csrf = /name="elemental-csrf" content="([^"]+)"/.exec(page)?.[1] ?? "";
  const call = async <T>(method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = { cookie, "x-elemental-csrf": csrf, origin: fixture.server.url };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await fetch(`${fixture.server.url}/console/api/${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as T };
  };
  return { get: (path) => call("GET", path), send: (method, path, body) => call(method, path, body) };
}
