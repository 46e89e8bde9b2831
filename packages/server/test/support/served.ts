import type { App } from "@elemental/core";
import type { StorageSvc } from "@elemental/storage-service";
import type { StorageBase } from "@elemental/storages";
import { type ElementalServer, type ServerOptions, createServer } from "../../src";
import { type Backend, testApp } from "./apps";

export interface Served {
  app: App;
  svc: StorageSvc;
  storage: StorageBase<object>;
  server: ElementalServer;
}

const running: ElementalServer[] = [];

/** A test application on `backend`, served on a free loopback port. */
export async function served(backend: Backend, options: ServerOptions = {}, svcConfig: Record<string, unknown> = {}): Promise<Served> {
  const app = await testApp(backend, svcConfig);
  const server = await createServer(app, { authorizeUpload: () => true, ...options });
  running.push(server);
  return { app, server, svc: app.getElement<StorageSvc>("storages.services.StorageSvc"), storage: app.getElement<StorageBase<object>>("storages.Files") };
}

export async function closeServers(): Promise<void> {
  for (const server of running.splice(0)) await server.close();
}

/** Every key in a storage, sorted (the reserved prefix included). */
export async function keysOf(storage: StorageBase<object>, prefix = ""): Promise<string[]> {
  const names: string[] = [];
  for await (const entry of storage.list(prefix)) names.push(entry.name);
  return names.sort();
}

/** The keys a user sees: all but StorageSvc's own (under `.elemental/`). */
export async function userKeys(storage: StorageBase<object>): Promise<string[]> {
  return (await keysOf(storage)).filter((name) => !name.startsWith(".elemental/"));
}

/** A query parameter changed, added or removed (undefined) in a URL. */
export function withParam(url: string, name: string, value: string | undefined): string {
  const parsed = new URL(url);
  if (value === undefined) parsed.searchParams.delete(name);
  else parsed.searchParams.set(name, value);
  return parsed.toString();
}
