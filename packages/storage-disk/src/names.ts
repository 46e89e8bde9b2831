import { randomBytes } from "node:crypto";

/**
 * How keys map to file names. Every file the storage keeps for itself (temporary files, metadata
 * sidecars) is named `.~` followed by a letter, so it can never be an object and listings skip it.
 * A key segment that itself starts with `.~` is stored with one more `~` (`.~x` as `.~~x`), so every
 * valid key still has a file of its own. All other segments are stored as they are.
 */
const INTERNAL = ".~";

/** The longest segment we store: 255 bytes (the usual file-name limit) minus the sidecar's prefix. */
export const MAX_SEGMENT_BYTES = 255 - sidecarName("").length;

export function storedName(segment: string): string {
  return segment.startsWith(INTERNAL) ? `${INTERNAL}~${segment.slice(INTERNAL.length)}` : segment;
}

/** The key segment a stored file name stands for, or undefined for the storage's own files. */
export function segmentOf(fileName: string): string | undefined {
  if (!fileName.startsWith(INTERNAL)) return fileName;
  if (fileName.charAt(INTERNAL.length) !== "~") return undefined;
  return `${INTERNAL}${fileName.slice(INTERNAL.length + 1)}`;
}

/** The metadata sidecar of the object stored as `fileName`, in the same directory. */
export function sidecarName(fileName: string): string {
  return `${INTERNAL}m.${fileName}`;
}

/** A fresh temporary file name: hidden from listings, unique across processes. */
export function tempName(): string {
  return `${INTERNAL}t${randomBytes(8).toString("hex")}`;
}
