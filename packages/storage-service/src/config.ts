import type { JsonSchema } from "@elemental/core";

/** `storages/services/StorageSvc/StorageSvc.json`: every field optional. */
export type StorageSvcConfig = {
  /** Name every upload `<md5><ext>` (and store equal bytes once), even without an `md5` argument. Default false. */
  md5Naming?: boolean;
  /** The origin (and optional path) put in preview URLs. Default: the server's public base URL, else `http://localhost:3000`. */
  baseUrl?: string;
  /** HMAC key for preview URLs (16+ characters, `${VAR}` allowed). Default: a random key kept in each storage under the reserved prefix. */
  signingSecret?: string;
  /** How long a signed preview URL lives, in seconds. Default 3600. */
  previewExpires?: number;
  /** Largest thumbnail width or height. Default 2000. */
  maxThumbnailSide?: number;
  /** Largest source image, in pixels (width x height), against decompression bombs. Default 50,000,000. */
  maxInputPixels?: number;
  /** Largest source file read for a thumbnail, in bytes. Default 50 MiB. */
  maxThumbnailSourceBytes?: number;
  /** How often the sweeper removes expired files, in seconds; 0 = never on its own. Default 60. */
  sweepIntervalSeconds?: number;
};

export const DEFAULT_BASE_URL = "http://localhost:3000";

export const svcConfigSchema: JsonSchema = {
  type: "object",
  additionalProperties: false,
  properties: {
    md5Naming: { type: "boolean" },
    baseUrl: { type: "string", pattern: "^https?://[^/?#\\s]+(/[^?#\\s]*)?$" },
    signingSecret: { type: "string", minLength: 16 },
    previewExpires: { type: "integer", minimum: 1, maximum: 604800 },
    maxThumbnailSide: { type: "integer", minimum: 1, maximum: 10000 },
    maxInputPixels: { type: "integer", minimum: 1 },
    maxThumbnailSourceBytes: { type: "integer", minimum: 1 },
    sweepIntervalSeconds: { type: "integer", minimum: 0 },
  },
};

export interface Limits {
  previewExpires: number;
  maxThumbnailSide: number;
  maxInputPixels: number;
  maxThumbnailSourceBytes: number;
}

export function limitsOf(config: StorageSvcConfig): Limits {
  return {
    previewExpires: config.previewExpires ?? 3600,
    maxThumbnailSide: config.maxThumbnailSide ?? 2000,
    maxInputPixels: config.maxInputPixels ?? 50_000_000,
    maxThumbnailSourceBytes: config.maxThumbnailSourceBytes ?? 50 * 1024 * 1024,
  };
}
