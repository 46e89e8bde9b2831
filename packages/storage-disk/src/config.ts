import type { JsonSchema } from "@elemental/core";

/** A type alias rather than an interface, so that it fits StorageBase's `Record<string, unknown>` default. */
export type DiskConfig = {
  /** Where the objects live: relative to the application root (e.g. `appData/storages/Files`) or absolute. */
  directory: string;
  /** The origin (and optional path) put in URLs, e.g. `https://files.example.com`. Default: the origin
   *  `serveDisk` listens on, else `http://localhost:3000`. */
  baseUrl?: string;
  /** The path under which the handler serves objects. Default `/<fullName with . as />`, e.g. `/storages/Files`. */
  urlPath?: string;
  /** The HMAC key for signed URLs (16+ characters, `${VAR}` allowed). Default: a random key kept in
   *  `<app root>/appData/.elemental/disk-signing.key`. */
  signingSecret?: string;
  /** Fsync the folder after each write's rename too, so that a write that returned survives a power
   *  loss (about 0.35 ms more per write on an SSD). Default false: a crash never shows a partial
   *  object either way, but the last seconds of writes may be lost to a power cut. */
  syncFolder?: boolean;
  /** The largest body a signed upload URL accepts, unless `getUploadUrl` gives `maxBytes`. Default 5 GiB
   *  (S3's limit for one PUT). The handler answers 413 past it and stops reading. */
  maxUploadBytes?: number;
};

export const DEFAULT_MAX_UPLOAD_BYTES = 5 * 1024 ** 3;

export const DEFAULT_BASE_URL = "http://localhost:3000";

export const diskConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  required: ["directory"],
  properties: {
    directory: { type: "string", minLength: 1 },
    baseUrl: { type: "string", pattern: "^https?://[^/?#\\s]+(/[^?#\\s]*)?$" },
    urlPath: { type: "string", pattern: "^(/[^/?#\\s]+)*$" },
    signingSecret: { type: "string", minLength: 16 },
    syncFolder: { type: "boolean" },
    maxUploadBytes: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
  },
};
