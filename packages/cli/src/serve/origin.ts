import { CliError } from "../errors";
import type { Served } from "./servedElements";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]", "::1"]);

/** `--port`: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > 65535) throw new CliError("E_USAGE", `--port needs a port number from 0 to 65535, not "${text}"`);
  return value;
}

const WILDCARD = new Set(["0.0.0.0", "::"]);

/** A storage's `baseUrl` when it names this machine (loopback, or the host served on) over plain HTTP: its port and path. */
function localBase(baseUrl: string, host: string): { port: number; path: string } | undefined {
  const url = URL.canParse(baseUrl) ? new URL(baseUrl) : undefined;
  const served = (name: string) => (LOOPBACK.has(name) ? LOOPBACK.has(host) || WILDCARD.has(host) : name === host || name === `[${host}]`);
  if (url?.protocol !== "http:" || !served(url.hostname)) return undefined;
  return { port: url.port === "" ? 80 : Number(url.port), path: url.pathname.replace(/\/+$/, "") };
}

/**
 * The port to listen on: --port, else the one the storages' `baseUrl` names (DiskType's default is
 * http://localhost:3000), so that the URLs `sign` and `upload-url` print in other processes lead here.
 */
export function choosePort(storages: readonly Served[], host: string, explicit: number | undefined): number {
  if (explicit !== undefined) return explicit;
  const ports = new Set(storages.map((storage) => localBase(storage.baseUrl, host)?.port));
  const [port] = ports;
  if (ports.size === 1 && port !== undefined) return port;
  const bases = storages.map((storage) => `${storage.fullName}: ${storage.baseUrl}`).join("; ");
  throw new CliError("E_USAGE", `give --port: the storages' baseUrl do not name one local port (${bases})`, {
    help: "serve them one at a time, or set each one's baseUrl to http://localhost:<port> in its config",
  });
}

/** The path the storage's URLs start with before its urlPath (a baseUrl with a path), when it names this server. */
export function mountPath(storage: Served, host: string): string {
  return localBase(storage.baseUrl, host)?.path ?? "";
}

/**
 * Whether the URLs this element hands out (in any process) reach a server listening on `host` and `port`,
 * or at the public URL it was given (`--public-url`).
 */
export function leadsHere(storage: Served, host: string, port: number, publicUrl?: string): boolean {
  return storage.baseUrl === publicUrl || localBase(storage.baseUrl, host)?.port === port;
}
