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

export interface SignedQuery {
  expires: number;
  contentType?: string | undefined;
  sig: string;
}

export function objectAddress(baseUrl: string, urlPath: string, key: string, query?: SignedQuery): string {
  const address = `${baseUrl}${urlPath}/${encodeKey(key)}`;
  if (!query) return address;
  const params = new URLSearchParams({ expires: String(query.expires) });
  if (query.contentType !== undefined) params.set("contentType", query.contentType);
  params.set("sig", query.sig);
  return `${address}?${params.toString()}`;
}
