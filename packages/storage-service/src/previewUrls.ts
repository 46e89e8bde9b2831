import { ServiceError } from "@elemental/services";
import { signFields, verifyFields } from "./signing";

/** What a preview or thumbnail URL names. */
export interface PreviewTarget {
  kind: "preview" | "previewThumbnail";
  storage: string;
  file: string;
  width?: number;
  height?: number;
}

const ALLOWED = {
  preview: ["file", "storage", "expires", "sig"],
  previewThumbnail: ["name", "storage", "width", "height", "expires", "sig"],
} as const;

function fieldsOf(target: PreviewTarget, expires: string): string[] {
  return [target.kind, target.storage, target.file, String(target.width ?? ""), String(target.height ?? ""), expires];
}

/** A preview URL's query: signed with `expires` (unix seconds), or unsigned (a public link). */
export function previewQuery(target: PreviewTarget, signing?: { key: Buffer; expires: number }): string {
  const params = new URLSearchParams();
  params.set(target.kind === "preview" ? "file" : "name", target.file);
  params.set("storage", target.storage);
  if (target.width !== undefined) params.set("width", String(target.width));
  if (target.height !== undefined) params.set("height", String(target.height));
  if (signing) {
    params.set("expires", String(signing.expires));
    params.set("sig", signFields(signing.key, fieldsOf(target, String(signing.expires))));
  }
  return params.toString();
}

export interface ParsedPreviewQuery {
  target: Omit<PreviewTarget, "storage"> & { storage: string | undefined };
  expires: string | undefined;
  sig: string | undefined;
}

/** Parses a route's query: unknown, repeated or empty parameters and bad sizes refuse it (E_INVALID_ARGUMENT). */
export function parsePreviewQuery(kind: PreviewTarget["kind"], search: string): ParsedPreviewQuery {
  const seen = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (!(ALLOWED[kind] as readonly string[]).includes(name) || seen.has(name) || value === "")
      throw new ServiceError("E_INVALID_ARGUMENT", `bad query parameter "${name.slice(0, 40)}"`);
    seen.set(name, value);
  }
  const file = seen.get(kind === "preview" ? "file" : "name");
  if (file === undefined) throw new ServiceError("E_INVALID_ARGUMENT", "the file to preview is missing");
  const size = (name: string, fallback: number): number => {
    const value = seen.get(name);
    if (value === undefined) return fallback;
    if (!/^[1-9]\d{0,4}$/.test(value)) throw new ServiceError("E_INVALID_ARGUMENT", `${name} must be a positive integer`);
    return Number(value);
  };
  const expires = seen.get("expires");
  if (expires !== undefined && !/^\d{1,12}$/.test(expires)) throw new ServiceError("E_INVALID_ARGUMENT", "expires must be unix seconds");
  const target =
    kind === "preview"
      ? { kind, file, storage: seen.get("storage") }
      : { kind, file, storage: seen.get("storage"), width: size("width", 120), height: size("height", 120) };
  if ((expires === undefined) !== (seen.get("sig") === undefined)) throw new ServiceError("E_ACCESS_DENIED", "a signed URL needs both expires and sig");
  return { target, expires, sig: seen.get("sig") };
}

/** Checks a signed query at `now` (ms). */
export function checkSignature(key: Buffer, target: PreviewTarget, expires: string, sig: string, now: number): void {
  if (Number(expires) * 1000 < now || !verifyFields(key, fieldsOf(target, expires), sig))
    throw new ServiceError("E_ACCESS_DENIED", "the signature is wrong or has expired");
}
