import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { App } from "@elemental/core";
import type { DiskStorage } from "./DiskStorage";
import { type DiskHandlerOptions, createDiskHandler, resolveDiskStorage } from "./handler";

export interface ServeDiskOptions extends DiskHandlerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default `127.0.0.1`: loopback only. */
  host?: string;
}

export interface ServedDisk {
  /** The server's origin, e.g. `http://127.0.0.1:41234`. */
  url: string;
  server: Server;
  /** Stops the server and ends its open connections. */
  close(): Promise<void>;
}

/**
 * Serves a disk storage with `node:http` (for development, tests and demos). Unless the storage's config
 * sets `baseUrl`, its URLs point at this server from then on.
 */
export async function serveDisk(source: DiskStorage | App, options: ServeDiskOptions = {}): Promise<ServedDisk> {
  const storage = resolveDiskStorage(source, options.storage);
  const host = options.host ?? "127.0.0.1";
  const server = createServer(createDiskHandler(storage, options));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  storage.useOrigin(url);
  const close = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      server.close((error) => (error ? reject(error) : resolve()));
      server.closeAllConnections();
    });
  storage.closeOnExit(close); // app.close() stops it too
  return { url, server, close };
}
