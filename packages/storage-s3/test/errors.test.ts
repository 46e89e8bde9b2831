import { Readable } from "node:stream";
import { inspect } from "node:util";
import { createServer } from "node:net";
import { classifyS3Error, s3StorageErrorOf } from "../src/classifyError";
import type { S3Storage } from "../src/S3Storage";
import { rejection } from "./support/apps";
import { server } from "./support/server";
import { testBucket } from "./support/testBucket";

const bucket = testBucket("errors");

function storage(config: Record<string, unknown>): Promise<S3Storage> {
  return bucket.store<S3Storage>("storages.AwsS3Type", bucket.awsS3Config(config));
}

/** A loopback port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("errors from a real server", () => {
  it("a wrong secret is E_ACCESS_DENIED for every kind of call, and the secret is in no message", async () => {
    const secret = "wrong-secret-0123456789abcdef";
    const s3 = await storage({ accessKeySecret: secret });
    const failures = [
      await rejection(s3.uploadByFile("a.txt", "x")),
      await rejection(s3.getObject("a.txt")),
      await rejection(s3.download("a.txt")),
      await rejection(s3.delete("a.txt")),
      await rejection(
        (async () => {
          for await (const _ of s3.list("")) {
            /* nothing */
          }
        })(),
      ),
    ];
    for (const error of failures) {
      expect(error).toMatchObject({ code: "E_ACCESS_DENIED", storageType: "storages.AwsS3Type", element: "storages.Store" });
      expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain(server.secretKey);
    }
    expect(failures[0].message).toMatch(/SignatureDoesNotMatch/);
    // What a logger prints, cause chain included, holds no signature either.
    const printed = inspect(failures[0], { depth: 10 });
    expect(printed).toContain("SignatureDoesNotMatch");
    expect(printed).not.toMatch(/SignatureProvided|StringToSign|CanonicalRequest/);
  });

  it("a failed streamed upload lets the SDK write nothing to the console", async () => {
    const s3 = await storage({ bucketName: `${bucket.name}-missing` });
    const printed = (["log", "info", "warn", "error", "debug", "trace"] as const).map((level) =>
      jest.spyOn(console, level).mockImplementation(() => undefined),
    );
    try {
      const error = await rejection(s3.uploadStream("a.txt", Readable.from([Buffer.from("streamed")]), undefined, { size: 8 }));
      expect(error.code).toBe("E_INVALID_CONFIG");
      expect(printed.flatMap((spy) => spy.mock.calls)).toEqual([]);
    } finally {
      for (const spy of printed) spy.mockRestore();
    }
  });

  it("an unknown access key is E_ACCESS_DENIED", async () => {
    const s3 = await storage({ accessKeyId: "NOSUCHKEY0000000" });
    expect(await rejection(s3.uploadByFile("a.txt", "x"))).toMatchObject({ code: "E_ACCESS_DENIED" });
  });

  it("an unreachable endpoint is E_UNAVAILABLE naming the endpoint, after maxAttempts tries", async () => {
    const port = await closedPort();
    const s3 = await storage({ endPoint: `http://127.0.0.1:${port}`, maxAttempts: "2" });
    const error = await rejection(s3.getObject("a.txt"));
    expect(error).toMatchObject({ code: "E_UNAVAILABLE", operation: "getObject", key: "a.txt" });
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.cause?.$metadata?.attempts).toBe(2);
    const upload = await rejection(s3.uploadByFile("a.txt", "x"));
    expect(upload.code).toBe("E_UNAVAILABLE");
  });

  it("a missing bucket is E_INVALID_CONFIG naming the bucket and the endpoint", async () => {
    const s3 = await storage({ bucketName: `${bucket.name}-missing` });
    const error = await rejection(s3.uploadByFile("a.txt", "x"));
    expect(error.code).toBe("E_INVALID_CONFIG");
    expect(error.message).toContain(`${bucket.name}-missing`);
    expect(error.message).toContain(server.endpoint);
    // HEAD answers carry no body, so getObject and exists ask about the bucket before saying "not found".
    expect(await rejection(s3.getObject("a.txt"))).toMatchObject({ code: "E_INVALID_CONFIG" });
    expect(await rejection(s3.exists("a.txt"))).toMatchObject({ code: "E_INVALID_CONFIG" });
  });

  it("a missing object in an existing bucket is still E_NOT_FOUND, and exists() is false", async () => {
    const s3 = await storage({});
    expect(await rejection(s3.getObject("nothing-here.txt"))).toMatchObject({ code: "E_NOT_FOUND" });
    expect(await s3.exists("nothing-here.txt")).toBe(false);
  });

  it("keeps the SDK error as cause", async () => {
    const s3 = await storage({});
    const error = await rejection(s3.download("missing.txt"));
    expect(error.code).toBe("E_NOT_FOUND");
    expect(error.cause).toMatchObject({ name: "NoSuchKey", $metadata: { httpStatusCode: 404 } });
  });
});

describe("ranges", () => {
  it("a range from 0 of an empty object is empty (S3 itself answers 416), a range past the end of a non-empty one is E_INVALID_ARGUMENT", async () => {
    const s3 = await storage({});
    await s3.uploadByFile("ranges/empty.bin", "");
    await s3.uploadByFile("ranges/three.bin", "abc");
    expect(await s3.download("ranges/empty.bin", { range: { start: 0 } })).toEqual(Buffer.alloc(0));
    expect(await s3.download("ranges/empty.bin", { range: { start: 0, end: 9 } })).toEqual(Buffer.alloc(0));
    expect(await rejection(s3.download("ranges/three.bin", { range: { start: 3 } }))).toMatchObject({ code: "E_INVALID_ARGUMENT" });
  });
});

describe("response bodies never hold a socket", () => {
  it("60 downloadStreams dropped unread, 60 aborted mid-body, then downloads still run (the pool has 50 sockets)", async () => {
    const s3 = await storage({});
    const key = "bodies/one-mib.bin";
    await s3.uploadByFile(key, Buffer.alloc(1024 * 1024, 3));
    for (let i = 0; i < 60; i++) (await s3.downloadStream(key)).destroy();
    for (let i = 0; i < 60; i++) {
      const controller = new AbortController();
      const stream = await s3.downloadStream(key, { signal: controller.signal });
      const failure = new Promise<unknown>((resolve) => stream.once("error", resolve));
      stream.once("data", () => controller.abort());
      stream.resume();
      expect(await failure).toBeInstanceOf(Error);
      expect(stream.destroyed).toBe(true);
    }
    const downloads = await Promise.all(Array.from({ length: 60 }, () => s3.download(key)));
    expect(downloads.every((bytes) => bytes.length === 1024 * 1024)).toBe(true);
  }, 60_000);
});

const SELF_COPY_MESSAGE =
  "This copy request is illegal because it is trying to copy an object to itself without changing the object's metadata, storage class, website redirect location or encryption attributes.";

describe("classifyS3Error", () => {
  const sdkError = (name: string, status?: number, message = "") =>
    Object.assign(new Error(message), { name, $fault: "client", $metadata: { httpStatusCode: status } });

  const cases: Array<[string, Error, string]> = [
    ["NoSuchKey 404", sdkError("NoSuchKey", 404), "E_NOT_FOUND"],
    ["NotFound 404", sdkError("NotFound", 404), "E_NOT_FOUND"],
    ["UnknownError 404", sdkError("UnknownError", 404), "E_NOT_FOUND"],
    ["AccessDenied 403", sdkError("AccessDenied", 403), "E_ACCESS_DENIED"],
    ["InvalidAccessKeyId 403", sdkError("InvalidAccessKeyId", 403), "E_ACCESS_DENIED"],
    ["SignatureDoesNotMatch 403", sdkError("SignatureDoesNotMatch", 403), "E_ACCESS_DENIED"],
    ["UnknownError 403", sdkError("UnknownError", 403), "E_ACCESS_DENIED"],
    ["NoSuchBucket 404", sdkError("NoSuchBucket", 404), "E_INVALID_CONFIG"],
    ["SlowDown 503", sdkError("SlowDown", 503), "E_UNAVAILABLE"],
    ["InternalError 500", sdkError("InternalError", 500), "E_UNAVAILABLE"],
    ["UnknownError 502", sdkError("UnknownError", 502), "E_UNAVAILABLE"],
    ["ECONNREFUSED", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" }), "E_UNAVAILABLE"],
    ["a network error the SDK wrapped", new Error("AWS SDK error wrapper for Error: connect ECONNREFUSED 127.0.0.1:1"), "E_UNAVAILABLE"],
    ["ENOTFOUND", Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.invalid"), { code: "ENOTFOUND" }), "E_UNAVAILABLE"],
    ["AbortError", Object.assign(new Error("Request aborted"), { name: "AbortError" }), "E_ABORTED"],
    ["BadDigest 400", sdkError("BadDigest", 400), "E_CHECKSUM_MISMATCH"],
    [
      "response checksum mismatch",
      new Error('Checksum mismatch: expected "abc", but received "abd" in response header "x-amz-checksum-crc32".'),
      "E_CHECKSUM_MISMATCH",
    ],
    ["InvalidRange 416", sdkError("InvalidRange", 416), "E_INVALID_ARGUMENT"],
    ["PreconditionFailed 412", sdkError("PreconditionFailed", 412), "E_PRECONDITION_FAILED"],
    [
      "AccessControlListNotSupported 400 (a bucket with ACLs disabled)",
      sdkError("AccessControlListNotSupported", 400, "The bucket does not allow ACLs"),
      "E_UNSUPPORTED",
    ],
    ["InvalidRequest 400 of a copy onto itself", sdkError("InvalidRequest", 400, SELF_COPY_MESSAGE), "E_INVALID_ARGUMENT"],
  ];

  it.each(cases.map(([label, error, code]) => ({ label, error, code })))("$label -> $code", ({ error, code }) => {
    expect(classifyS3Error(error)).toBe(code);
  });

  it("leaves errors it does not know to the common rules", () => {
    expect(classifyS3Error(new Error("something else"))).toBeUndefined();
    expect(classifyS3Error(Object.assign(new Error("odd"), { name: "Teapot", $metadata: { httpStatusCode: 418 } }))).toBeUndefined();
  });
});

describe("s3StorageErrorOf", () => {
  it("says that a bucket with ACLs disabled cannot give objects a visibility, and which bucket", () => {
    const refused = Object.assign(new Error("The bucket does not allow ACLs"), { name: "AccessControlListNotSupported", $metadata: { httpStatusCode: 400 } });
    const described = s3StorageErrorOf(refused, { endpoint: "https://s3.amazonaws.com", bucket: "assets" });
    expect(described?.code).toBe("E_UNSUPPORTED");
    expect(described?.detail).toMatch(/ACLs disabled.*bucket owner enforced.*remove acl and acls.*bucket "assets" at https:\/\/s3\.amazonaws\.com/);
  });

  it("reads the real server's refusal of a plain copy onto itself as E_INVALID_ARGUMENT (copy(a, a) itself never sends one)", async () => {
    const s3 = await storage({});
    await s3.uploadByFile("self.txt", "x");
    const { CopyObjectCommand } = await import("@aws-sdk/client-s3");
    const refused = await rejection(
      (await s3.s3Client()).send(new CopyObjectCommand({ Bucket: bucket.name, Key: "self.txt", CopySource: `${bucket.name}/self.txt` })),
    );
    expect(s3StorageErrorOf(refused, { endpoint: server.endpoint, bucket: bucket.name })).toMatchObject({
      code: "E_INVALID_ARGUMENT",
      detail: expect.stringMatching(/InvalidRequest \(HTTP 400\): This copy request is illegal/),
    });
    await s3.copy("self.txt", "self.txt");
    expect((await s3.download("self.txt")).toString()).toBe("x");
  });

  it("drops the signature fields S3 copies onto a SignatureDoesNotMatch error (AWS sends them; RGW does not)", () => {
    const sdk = Object.assign(new Error("The request signature we calculated does not match"), {
      name: "SignatureDoesNotMatch",
      $metadata: { httpStatusCode: 403 },
      SignatureProvided: "5d41402abc4b2a76b9719d911017c592aa",
      StringToSign: "AWS4-HMAC-SHA256\n20261125T000000Z",
      CanonicalRequest: "GET\n/bucket/key",
    });
    const described = s3StorageErrorOf(sdk, { endpoint: "http://127.0.0.1:7480", bucket: "b" });
    expect(described).toMatchObject({ code: "E_ACCESS_DENIED" });
    // The SDK error becomes the StorageError's cause: it no longer carries them either.
    expect(inspect({ described, cause: sdk }, { depth: 10 })).not.toMatch(/5d41402abc|AWS4-HMAC|CanonicalRequest|StringToSign/);
  });
});
