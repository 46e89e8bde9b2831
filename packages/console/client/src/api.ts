/** The console's JSON API, relative to the page (the console may be mounted under any path). */
const csrf = document.querySelector<HTMLMetaElement>('meta[name="elemental-csrf"]')?.content ?? "";

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(`api/${path}`, {
    method: init.method ?? "GET",
    headers: init.body === undefined ? { "x-elemental-csrf": csrf } : { "content-type": "application/json", "x-elemental-csrf": csrf },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    credentials: "same-origin",
  });
  const data = (await response.json().catch(() => ({}))) as { code?: string; message?: string };
  if (!response.ok) throw new ApiError(data.code ?? "E_UNKNOWN", data.message ?? response.statusText, response.status);
  return data as T;
}

export const enc = encodeURIComponent;

export function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KiB", "MiB", "GiB", "TiB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}
