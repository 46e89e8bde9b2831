import type { DiskStorage } from "@elemental/storage-disk";
import type { HandlerCase } from "./corpus";
import { materialize } from "./corpus";
import { rawRequest } from "./rawHttp";

/**
 * Runs one handler case against a served disk storage: uploads its object, signs its URL, edits it,
 * sends the request over loopback and returns every way the answer differs from what the case expects.
 */
export async function runHandlerCase(testCase: HandlerCase, storage: DiskStorage, secrets: string[]): Promise<string[]> {
  const { object, sign } = testCase;
  await storage.uploadByFile(object.key, object.body, object.contentType, {
    ...(object.contentDisposition === undefined ? {} : { contentDisposition: object.contentDisposition }),
    ...(object.cacheControl === undefined ? {} : { cacheControl: object.cacheControl }),
  });
  const info = await storage.getObject(object.key);
  const day = 86_400_000;
  const refs = {
    etag: info.etag,
    weakEtag: `W/${info.etag ?? ""}`,
    dayBefore: new Date(info.lastModified.getTime() - day).toUTCString(),
    dayAfter: new Date(info.lastModified.getTime() + day).toUTCString(),
  };
  const putKey = sign.key ?? object.key;
  let url: string;
  let headers: Record<string, string> = {};
  if (sign.method === "PUT") {
    if (await storage.exists(putKey)) await storage.delete(putKey);
    const upload = await storage.getUploadUrl(putKey, sign.contentType, sign.expires ?? 60, sign.options as never);
    ({ url, headers } = upload);
  } else {
    url = await storage.getSignUrl(object.key, sign.contentType, sign.expires ?? 60, sign.options as never);
  }
  if (testCase.replace) {
    const [from, to] = testCase.replace;
    if (!url.includes(from)) return [`the signed URL does not contain ${from}: ${url}`];
    url = url.replace(from, to);
  }
  url += testCase.append ?? "";
  const request = testCase.request ?? {};
  const extra = materialize(request.headers ?? {}, { tempFile: "", tempDir: "", refs }) as Record<string, string>;
  const reply = await rawRequest(url, {
    method: request.method ?? sign.method,
    headers: { ...headers, ...extra },
    ...(request.body === undefined ? {} : { body: Buffer.from(request.body) }),
  });
  const problems: string[] = [];
  if (reply.status !== testCase.expect.status)
    problems.push(`expected status ${testCase.expect.status}, got ${String(reply.status)} (${reply.error ?? "no error"})`);
  for (const [name, expected] of Object.entries(testCase.expect.headers ?? {})) {
    const actual = reply.headers[name];
    const shown = JSON.stringify(actual);
    if (expected === null) {
      if (actual !== undefined) problems.push(`expected no ${name} header, got ${shown}`);
    } else if (typeof expected === "string") {
      if (actual !== expected) problems.push(`expected ${name}: ${expected}, got ${shown}`);
    } else if (typeof actual !== "string" || !new RegExp(expected.$match).test(actual)) {
      problems.push(`expected ${name} to match ${expected.$match}, got ${shown}`);
    }
  }
  if (testCase.expect.stored !== undefined && (await storage.exists(putKey)) !== testCase.expect.stored) {
    problems.push(testCase.expect.stored ? "the upload was not stored" : "the refused upload was stored");
  }
  const text = reply.body.toString("utf8");
  if (reply.status !== undefined && reply.status >= 400) {
    if (secrets.some((secret) => text.includes(secret))) problems.push("the error body holds a secret");
    if (text.includes(storage.rootDir)) problems.push("the error body names the storage's folder");
  }
  return problems;
}
