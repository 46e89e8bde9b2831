import { CliError } from "../errors";

/** `--public-url`: the http(s) origin, with an optional path, that clients reach the server at (no trailing slash). */
export function parsePublicUrl(text: string): string {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || url.search !== "" || url.hash !== "" || url.username !== "" || url.password !== "") {
    throw new CliError("E_USAGE", `--public-url needs an http:// or https:// URL without query, fragment or credentials, not "${text}"`);
  }
  return `${url.origin}${url.pathname}`.replace(/\/+$/, "");
}

/** `--max-upload-bytes`: a whole number of bytes, at least 1. */
export function parseMaxUploadBytes(text: string): number {
  const value = Number(text);
  if (!/^[1-9]\d*$/.test(text) || !Number.isSafeInteger(value))
    throw new CliError("E_USAGE", `--max-upload-bytes needs a whole number of bytes, not "${text}"`);
  return value;
}

/** Whether a connection comes from this machine (what `--allow-uploads` lets upload). */
export function fromLoopback(remoteAddress: string | undefined): boolean {
  return remoteAddress === "::1" || /^(::ffff:)?127\./.test(remoteAddress ?? "");
}
