import { MAX_SIGN_EXPIRES } from "../arguments";
import { capabilityCases } from "./capabilityCases";
import type { SuiteContext } from "./context";
import { expectStorageError } from "./expectations";
import { awkwardKeys } from "./keyNameCases";

export const invalidExpires: unknown[] = [0, -1, MAX_SIGN_EXPIRES + 1, Number.NaN, 1.5, "300"];

/** Fetches a URL and returns its status and body (always read, so no connection is left open). */
export async function fetchBytes(url: string, init?: RequestInit): Promise<{ status: number; body: Buffer; contentType: string | null }> {
  const response = await fetch(url, init);
  const body = Buffer.from(await response.arrayBuffer());
  return { status: response.status, body, contentType: response.headers.get("content-type") };
}

export function signedUrlCases(ctx: SuiteContext): void {
  const key = ctx.key("signed/alpha.txt");
  const neighbour = ctx.key("signed/alphb.txt"); // differs from `key` by one character
  const wait = ctx.options.signedUrlExpiryWaitMs;

  describe("signed GET URLs (getSignUrl)", () => {
    beforeAll(async () => {
      await ctx.storage.uploadByFile(key, "signed bytes", "text/plain");
      await ctx.storage.uploadByFile(neighbour, "the neighbour", "text/plain");
    });

    capabilityCases(ctx, "signedUrls", {
      cases: [
        {
          title: "fetch of a signed URL returns the bytes and the content type",
          async run() {
            const response = await fetchBytes(await ctx.storage.getSignUrl(key, "text/plain", 60));
            expect(response.status).toBe(200);
            expect(response.body.toString()).toBe("signed bytes");
            expect(response.contentType ?? "").toMatch(/^text\/plain/);
            expect((await fetchBytes(await ctx.storage.getSignUrl(key, undefined, MAX_SIGN_EXPIRES))).status).toBe(200);
          },
        },
        {
          title: "signed URLs of keys with Unicode, spaces and + % # ? & = fetch their bytes",
          async run() {
            for (const relative of awkwardKeys) {
              const awkward = ctx.key(`signed-names/${relative}`);
              await ctx.storage.uploadByFile(awkward, relative);
              const response = await fetchBytes(await ctx.storage.getSignUrl(awkward));
              expect([relative, response.status, response.body.toString()]).toEqual([relative, 200, relative]);
            }
          },
        },
        {
          title: "a URL with one character of its signature changed is refused with 403",
          async run() {
            const url = await ctx.storage.getSignUrl(key, "text/plain", 60);
            const tampered = ctx.options.tamperSignature(url);
            expect(tampered).not.toBe(url);
            expect((await fetchBytes(tampered)).status).toBe(403);
          },
        },
        {
          title: "a URL with one character of its key changed (to another existing key) is refused with 403",
          async run() {
            const url = await ctx.storage.getSignUrl(key, "text/plain", 60);
            const at = url.lastIndexOf("alpha.txt");
            expect(at).toBeGreaterThan(0);
            const tampered = `${url.slice(0, at)}alphb.txt${url.slice(at + "alpha.txt".length)}`;
            expect((await fetchBytes(tampered)).status).toBe(403);
          },
        },
        {
          title: `a URL signed with expires = 1 is refused with 403 ${wait} ms later`,
          async run() {
            const url = await ctx.storage.getSignUrl(key, "text/plain", 1);
            await new Promise((resolve) => setTimeout(resolve, wait));
            expect((await fetchBytes(url)).status).toBe(403);
          },
          timeout: wait + 30_000,
        },
      ],
      unsupportedTitle: "getSignUrl reports E_UNSUPPORTED",
      async unsupported() {
        await expectStorageError(ctx.storage, ctx.storage.getSignUrl(key, "text/plain", 60), "E_UNSUPPORTED", { operation: "getSignUrl", key });
        await expectStorageError(ctx.storage, ctx.storage.getSignUrl(key), "E_UNSUPPORTED", { operation: "getSignUrl", key });
      },
    });

    it.each(invalidExpires)("getSignUrl with expires = %p fails with E_INVALID_ARGUMENT", async (expires) => {
      await expectStorageError(ctx.storage, ctx.storage.getSignUrl(key, "text/plain", expires as number), "E_INVALID_ARGUMENT", {
        operation: "getSignUrl",
        key,
      });
    });
  });
}
