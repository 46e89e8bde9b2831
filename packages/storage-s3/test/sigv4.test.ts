import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import { S3RequestPresigner } from "@aws-sdk/s3-request-presigner";
import { contentDisposition } from "@elemental/storages";
import { type BucketLocation, bucketLocation } from "../src/endpoint";
import { SigV4QuerySigner, amzDate } from "../src/sigv4";
import { UrlSigner } from "../src/UrlSigner";

// Our signer against the SDK's S3RequestPresigner, for the same fixed clock and credentials: the URLs must
// be identical, parameter for parameter and byte for byte, signature included. No server is involved.

const SIGNED_AT = Date.UTC(2026, 10, 25, 23, 59, 58);
const KEYS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" };
const TEMPORARY = { ...KEYS, sessionToken: "FwoGZXIvYXdzEJr//////////wEaDH+token/with=odd&chars(!'*)" };

/** Keys and their URL paths, written out rather than computed, so that the encoding itself is checked. */
const KEY_PATHS: Array<[key: string, path: string]> = [
  ["plain.txt", "plain.txt"],
  ["docs/a b ü+é (1).txt", "docs/a%20b%20%C3%BC%2B%C3%A9%20%281%29.txt"],
  ["100% sure/x+y=z&w?.txt", "100%25%20sure/x%2By%3Dz%26w%3F.txt"],
  ["日本語/emoji 🎉.txt", "%E6%97%A5%E6%9C%AC%E8%AA%9E/emoji%20%F0%9F%8E%89.txt"],
  ["odd/!'()*~-_.chars", "odd/%21%27%28%29%2A~-_.chars"],
  ["dir//double/trailing/", "dir//double/trailing/"],
];

/** Where the bucket is, and the path before the key. */
const LOCATIONS: Array<[label: string, location: BucketLocation, pathPrefix: string]> = [
  ["path-style with a port", bucketLocation(new URL("http://127.0.0.1:7480"), "my-bucket", true), "/my-bucket"],
  ["virtual-host", bucketLocation(new URL("https://s3.eu-west-1.amazonaws.com"), "my-bucket", false), ""],
  ["path-style under a base path", bucketLocation(new URL("https://gw.example.com:8443/s3"), "my.bucket", true), "/s3/my.bucket"],
];

interface Case {
  method: "GET" | "PUT";
  query: Record<string, string>;
  headers: Record<string, string>;
}

const CASES: Array<[label: string, request: Case]> = [
  ["GET", { method: "GET", query: {}, headers: {} }],
  ["GET with response-content-type", { method: "GET", query: { "response-content-type": "text/html; charset=utf-8" }, headers: {} }],
  [
    "GET with response-content-disposition (RFC 6266, a Unicode file name)",
    { method: "GET", query: { "response-content-disposition": contentDisposition("attachment", "Résumé (final) 報告*'!.pdf") }, headers: {} },
  ],
  [
    "GET with response-content-type and response-content-disposition",
    { method: "GET", query: { "response-content-type": "text/csv", "response-content-disposition": contentDisposition("inline", "a b.csv") }, headers: {} },
  ],
  ["PUT with content-type", { method: "PUT", query: {}, headers: { "content-type": "text/csv" } }],
  ["PUT with content-type and ACL", { method: "PUT", query: {}, headers: { "content-type": "text/plain;  charset=utf-8 ", "x-amz-acl": "public-read" } }],
];

const clients: S3Client[] = [];

function client(credentials: S3ClientConfig["credentials"]): S3Client {
  const made = new S3Client({ region: "eu-west-1", credentials });
  clients.push(made);
  return made;
}

afterAll(() => {
  for (const made of clients) made.destroy();
});

/** The SDK's presigned URL for the request, its parameters in canonical order and the signature last, as ours are. */
async function sdkUrl(from: S3Client, location: BucketLocation, path: string, request: Case, expiresIn: number, signingDate: Date): Promise<string> {
  const presigner = new S3RequestPresigner({ ...from.config });
  const signed = new Set(Object.keys(request.headers));
  const { protocol, hostname, port } = location;
  const presigned = await presigner.presign(
    { method: request.method, protocol, hostname, port, path, query: { ...request.query }, headers: { ...request.headers } },
    { expiresIn, signingDate, signableHeaders: signed, unhoistableHeaders: signed },
  );
  const { "X-Amz-Signature": signature, ...query } = presigned.query as Record<string, string>;
  const pairs = Object.entries(query)
    .map(([name, value]) => [rfc3986(name), rfc3986(value)])
    .sort(([a = ""], [b = ""]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`);
  return `${protocol}//${hostname}${port === undefined ? "" : `:${port}`}${presigned.path}?${[...pairs, `X-Amz-Signature=${signature}`].join("&")}`;
}

function rfc3986(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

async function ours(signer: UrlSigner, key: string, request: Case, expiresIn: number): Promise<string> {
  if (request.method === "GET") return signer.signGet(key, expiresIn, request.query["response-content-type"], request.query["response-content-disposition"]);
  const { "content-type": contentType = "", ...extra } = request.headers;
  const signed = await signer.signPut(key, expiresIn, contentType, extra);
  expect(signed.headers).toEqual(request.headers);
  return signed.url;
}

describe("SigV4 query signing", () => {
  it("reproduces the presigned URL example of the AWS S3 documentation", () => {
    const query = new SigV4QuerySigner("us-east-1").presign(
      { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY" },
      {
        method: "GET",
        host: "examplebucket.s3.amazonaws.com",
        path: "/test.txt",
        query: {},
        headers: {},
        expiresIn: 86400,
        date: new Date(Date.UTC(2013, 4, 24)),
      },
    );
    expect(query).toBe(
      "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request" +
        "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host" +
        "&X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404",
    );
  });

  it("formats the date as ISO 8601 basic, in UTC, to the second", () => {
    expect(amzDate(new Date(SIGNED_AT + 999))).toBe("20261125T235958Z");
  });
});

describe.each([
  ["long-term keys", KEYS],
  ["temporary credentials (session token)", TEMPORARY],
])("UrlSigner with %s gives the SDK presigner's URL", (_label, credentials) => {
  describe.each(LOCATIONS)("%s", (_where, location, pathPrefix) => {
    it.each(CASES)("%s, for every key", async (_what, request) => {
      const from = client(credentials);
      const signer = await UrlSigner.create(from, location, () => SIGNED_AT);
      for (const [key, keyPath] of KEY_PATHS) {
        const expected = await sdkUrl(from, location, `${pathPrefix}/${keyPath}`, request, 300, new Date(SIGNED_AT));
        expect(await ours(signer, key, request, 300)).toBe(expected);
      }
    });
  });

  it("puts the session token in the URL exactly when there is one", async () => {
    const signer = await UrlSigner.create(client(credentials), LOCATIONS[0]![1], () => SIGNED_AT);
    const url = new URL(await signer.signGet("a.txt", 60));
    expect(url.searchParams.get("X-Amz-Security-Token")).toBe("sessionToken" in credentials ? credentials.sessionToken : null);
    expect([...url.searchParams.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
  });
});

describe("UrlSigner's credentials and signing key", () => {
  const [, location, pathPrefix] = LOCATIONS[0]!;
  const get: Case = { method: "GET", query: {}, headers: {} };

  it("asks the client for credentials on every URL, so refreshed credentials sign the next one", async () => {
    const issued = [
      { accessKeyId: "AKIDFIRST", secretAccessKey: "first-secret", sessionToken: "token-1" },
      { accessKeyId: "AKIDSECOND", secretAccessKey: "second-secret", sessionToken: "token-2" },
    ];
    let calls = 0;
    let latest = issued[0]!;
    // Credentials that expire within the SDK's 5-minute window are fetched again on each use.
    const rotating = client(async () => {
      latest = issued[calls++ % issued.length]!;
      return { ...latest, expiration: new Date(Date.now() + 60_000) };
    });
    const signer = await UrlSigner.create(rotating, location, () => SIGNED_AT);
    const urls: string[] = [];
    const expected: string[] = [];
    for (let i = 0; i < 3; i++) {
      urls.push(await signer.signGet("k.txt", 60));
      expected.push(await sdkUrl(client(latest), location, `${pathPrefix}/k.txt`, get, 60, new Date(SIGNED_AT)));
    }
    expect(urls).toEqual(expected);
    expect(new Set(urls).size).toBe(2);
  });

  it("derives a new signing key when the day changes", async () => {
    let now = SIGNED_AT;
    const from = client(KEYS);
    const signer = await UrlSigner.create(from, location, () => now);
    const before = await signer.signGet("k.txt", 60);
    now += 2_000; // 2026-11-26T00:00:00Z
    const after = await signer.signGet("k.txt", 60);
    expect(after).toContain("X-Amz-Date=20261126T000000Z");
    expect([before, after]).toEqual([
      await sdkUrl(from, location, `${pathPrefix}/k.txt`, get, 60, new Date(SIGNED_AT)),
      await sdkUrl(from, location, `${pathPrefix}/k.txt`, get, 60, new Date(now)),
    ]);
  });
});
