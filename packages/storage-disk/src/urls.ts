/** A key as a URL path: each segment percent-encoded, `/` kept. */
export function encodeKey(key: string): string {
  return key.split("/").map(encodeURIComponent).join("/");
}

/** The key a URL path names, or undefined when its percent-encoding is broken. */
export function decodeKey(urlPath: string): string | undefined {
  try {
    return urlPath.split("/").map(decodeURIComponent).join("/");
  } catch {
    return undefined;
  }
}

/** The query of a signed URL, in the order it is written. Every field but `kid` and `sig` is signed. */
export interface SignedQuery {
  expires: number;
  /** Which signing key signed it (see SigningKeys). */
  kid?: string | undefined;
  contentType?: string | undefined;
  disposition?: "inline" | "attachment" | undefined;
  filename?: string | undefined;
  maxBytes?: number | undefined;
  sig: string;
}

const NAMES = ["expires", "kid", "contentType", "disposition", "filename", "maxBytes", "sig"] as const;

export function objectAddress(baseUrl: string, urlPath: string, key: string, query?: SignedQuery): string {
  const address = `${baseUrl}${urlPath}/${encodeKey(key)}`;
  if (!query) return address;
  const params = new URLSearchParams();
  for (const name of NAMES) {
    const value = query[name];
    if (value !== undefined) params.set(name, String(value));
  }
  return `${address}?${params.toString()}`;
}

/**
 * A signed URL's query, or undefined when it is not one: a parameter that is unknown, repeated or empty,
 * or a missing `expires` or `sig`, refuses the whole request (nothing unsigned may change a response).
 */
export function parseSignedQuery(search: string): SignedQuery | undefined {
  const seen = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) {
    if (!(NAMES as readonly string[]).includes(name) || seen.has(name) || value === "") return undefined;
    seen.set(name, value);
  }
  const expires = seen.get("expires");
  const sig = seen.get("sig");
  const maxBytes = seen.get("maxBytes");
  const disposition = seen.get("disposition");
  if (expires === undefined || !/^\d{1,15}$/.test(expires) || sig === undefined) return undefined;
  if (maxBytes !== undefined && !/^\d{1,16}$/.test(maxBytes)) return undefined;
  if (disposition !== undefined && disposition !== "inline" && disposition !== "attachment") return undefined;
  return {
    expires: Number(expires),
    kid: seen.get("kid"),
    contentType: seen.get("contentType"),
    disposition,
    filename: seen.get("filename"),
    maxBytes: maxBytes === undefined ? undefined : Number(maxBytes),
    sig,
  };
}
