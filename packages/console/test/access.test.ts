import { request as httpRequest } from "node:http";
import { type ConsoleFixture, startConsole, stopConsoles } from "./support/consoleApp";

let fixture: ConsoleFixture;

beforeAll(async () => {
  fixture = await startConsole();
});
afterAll(stopConsoles);

/** The cookie the token URL sets, as a Cookie header. */
async function login(): Promise<{ cookie: string; csrf: string }> {
  const response = await fetch(fixture.url, { redirect: "manual" });
  expect(response.status).toBe(303);
  expect(response.headers.get("location")).toBe("/console/");
  const setCookie = response.headers.get("set-cookie") ?? "";
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Strict/);
  const cookie = setCookie.split(";")[0] as string;
  const page = await (await fetch(`${fixture.server.url}/console/`, { headers: { cookie } })).text();
  const csrf = /name="elemental-csrf" content="([^"]+)"/.exec(page)?.[1] ?? "";
  expect(csrf).toMatch(/^[\w-]{20,}$/);
  return { cookie, csrf };
}

test("every console request needs the token: the page, its assets and the API answer 401 without it, or with a wrong one", async () => {
  for (const path of ["/console/", "/console/api/elements", "/console/assets/x.js"]) {
    expect((await fetch(`${fixture.server.url}${path}`)).status).toBe(401);
  }
  expect((await fetch(`${fixture.server.url}/console/?token=wrong`, { redirect: "manual" })).status).toBe(401);
  expect((await fetch(`${fixture.server.url}/console/api/elements`, { headers: { cookie: "elemental_console_x=test-token" } })).status).toBe(401);
});

test("with the cookie the page loads under a strict Content-Security-Policy, and names the storages' origins for images and uploads", async () => {
  const { cookie } = await login();
  const response = await fetch(`${fixture.server.url}/console/`, { headers: { cookie } });
  expect(response.status).toBe(200);
  const csp = response.headers.get("content-security-policy") ?? "";
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain("unsafe-inline");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain(new URL(process.env.S3_ENDPOINT as string).origin);
  const html = await response.text();
  expect(html).not.toMatch(/<script>(?!<\/script>)/);
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  expect((await fetch(`${fixture.server.url}/console/${script}`, { headers: { cookie } })).status).toBe(200);
});

test("writes need the page's CSRF header and this origin: a cross-site form post is refused even with the cookie", async () => {
  const { cookie, csrf } = await login();
  const body = JSON.stringify({ names: ["a.txt"] });
  const url = `${fixture.server.url}/console/api/storages/storages.Files/delete`;
  const json = { cookie, "content-type": "application/json" };
  expect((await fetch(url, { method: "POST", headers: json, body })).status).toBe(403);
  expect((await fetch(url, { method: "POST", headers: { ...json, "x-elemental-csrf": "guess" }, body })).status).toBe(403);
  expect((await fetch(url, { method: "POST", headers: { ...json, "x-elemental-csrf": csrf, origin: "http://evil.example" }, body })).status).toBe(403);
  const allowed = await fetch(url, { method: "POST", headers: { ...json, "x-elemental-csrf": csrf, origin: fixture.server.url }, body });
  expect(allowed.status).toBe(200);
  expect(fixture.log.at(-1)).toMatch(/deleted 1 object\(s\) from storages\.Files/);
});

test("no secret value reaches the page: the S3 instance's secret is masked, its access key id shown", async () => {
  const { cookie } = await login();
  const response = await fetch(`${fixture.server.url}/console/api/elements/storages.Cloud`, { headers: { cookie } });
  const text = await response.text();
  expect(text).not.toContain(process.env.S3_SECRET_KEY as string);
  const detail = JSON.parse(text) as { config: Record<string, string> };
  expect(detail.config.accessKeySecret).toBe("••••••••");
  expect(detail.config.accessKeyId).toBe(process.env.S3_ACCESS_KEY);
});

test("a write's Origin is compared with the server's own URL, not with the Host header the client sent", async () => {
  const { cookie, csrf } = await login();
  const { port } = new URL(fixture.server.url);
  const status = await new Promise<number>((resolve, reject) => {
    const request = httpRequest(
      {
        port,
        host: "127.0.0.1",
        method: "POST",
        path: "/console/api/storages/storages.Files/delete",
        headers: { host: "evil.example", origin: "http://evil.example", cookie, "x-elemental-csrf": csrf, "content-type": "application/json" },
      },
      (response) => resolve(response.resume().statusCode as number),
    );
    request.on("error", reject).end(JSON.stringify({ names: ["a.txt"] }));
  });
  expect(status).toBe(403);
});

test("/console without the trailing slash redirects to /console/, keeping the query", async () => {
  const { cookie } = await login();
  const bare = await fetch(`${fixture.server.url}/console?view=objects`, { headers: { cookie }, redirect: "manual" });
  expect([bare.status, bare.headers.get("location")]).toEqual([302, "/console/?view=objects"]);
  const first = await fetch(`${fixture.server.url}/console?token=${fixture.token}`, { redirect: "manual" });
  expect([first.status, first.headers.get("location")]).toEqual([302, `/console/?token=${fixture.token}`]);
  const page = await fetch(`${fixture.server.url}/console/`, { headers: { cookie } });
  expect(await page.text()).toContain('name="elemental-csrf"');
});
