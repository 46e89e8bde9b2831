import { api, enc } from "./api";

export interface UploadTask {
  id: number;
  file: File;
  name: string;
  loaded: number;
  status: "waiting" | "sending" | "done" | "failed" | "cancelled";
  error?: string;
  /** Set while it runs: stops its requests and, for a multipart upload, aborts it on the storage. */
  cancel?: () => void;
}

type Start = { mode: "put"; url: string; headers: Record<string, string> } | { mode: "multipart"; uploadId: string; partSize: number; contentType: string };

/** How many parts of one file are in flight at once. */
const PARTS_AT_ONCE = 4;

class Cancelled extends Error {}

/** One PUT of a body with progress; resolves with the response's ETag. */
function put(url: string, headers: Record<string, string>, body: Blob, onProgress: (loaded: number) => void, requests: Set<XMLHttpRequest>): Promise<string> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    requests.add(xhr);
    xhr.open("PUT", url);
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
    xhr.upload.onprogress = (event) => onProgress(event.loaded);
    xhr.onload = () => {
      requests.delete(xhr);
      if (xhr.status >= 200 && xhr.status < 300) resolve(xhr.getResponseHeader("etag") ?? "");
      else reject(new Error(`the storage answered ${xhr.status}`));
    };
    xhr.onerror = () => {
      requests.delete(xhr);
      reject(new Error("the request failed (for S3: is CORS set on the bucket? see below)"));
    };
    xhr.onabort = () => {
      requests.delete(xhr);
      reject(new Cancelled());
    };
    xhr.send(body);
  });
}

/** Sends one file straight to the storage: one signed PUT, or signed parts in parallel above the Type's threshold. */
export async function upload(storage: string, task: UploadTask, update: (task: UploadTask) => void): Promise<void> {
  const base = `storages/${enc(storage)}/uploads`;
  const requests = new Set<XMLHttpRequest>();
  let cancelled = false;
  let uploadId: string | undefined;
  task.cancel = () => {
    cancelled = true;
    for (const xhr of requests) xhr.abort();
  };
  task.status = "sending";
  update(task);
  try {
    const start = await api<Start>(base, { method: "POST", body: { name: task.name, size: task.file.size, contentType: task.file.type || undefined } });
    if (cancelled) throw new Cancelled();
    if (start.mode === "put") {
      await put(start.url, start.headers, task.file, (loaded) => update(Object.assign(task, { loaded })), requests);
    } else {
      uploadId = start.uploadId;
      const count = Math.max(1, Math.ceil(task.file.size / start.partSize));
      const sent = new Array<number>(count).fill(0);
      const parts: Array<{ partNumber: number; etag: string }> = [];
      let next = 1;
      const worker = async () => {
        while (next <= count) {
          if (cancelled) throw new Cancelled();
          const partNumber = next++;
          const from = (partNumber - 1) * start.partSize;
          const signed = await api<{ url: string; headers: Record<string, string> }>(`${base}/part`, {
            method: "POST",
            body: { name: task.name, uploadId, partNumber },
          });
          const etag = await put(
            signed.url,
            signed.headers,
            task.file.slice(from, from + start.partSize),
            (loaded) => {
              sent[partNumber - 1] = loaded;
              update(Object.assign(task, { loaded: sent.reduce((a, b) => a + b, 0) }));
            },
            requests,
          );
          if (!etag) throw new Error("the storage did not show the part's ETag (for S3: CORS must expose the ETag header)");
          parts.push({ partNumber, etag });
        }
      };
      await Promise.all(Array.from({ length: Math.min(PARTS_AT_ONCE, count) }, worker));
      await api(`${base}/complete`, { method: "POST", body: { name: task.name, uploadId, parts } });
    }
    Object.assign(task, { status: "done", loaded: task.file.size, cancel: undefined });
  } catch (error) {
    const wasCancelled = error instanceof Cancelled || cancelled;
    task.cancel?.();
    Object.assign(task, { status: wasCancelled ? "cancelled" : "failed", error: wasCancelled ? undefined : (error as Error).message, cancel: undefined });
    if (uploadId) await api(`${base}/abort`, { method: "POST", body: { name: task.name, uploadId } }).catch(() => undefined);
  }
  update(task);
}
