import type { S3Client } from "@aws-sdk/client-s3";
import { encodeSegment } from "./endpoint";

/**
 * Sends every request of a client to a custom domain bound to the bucket (OSS's CNAME): the client is built
 * path-style on that domain, and this step takes the bucket out of each path before the request is signed,
 * so `https://files.example.com/<bucket>/a.txt` goes out, and is signed, as `https://files.example.com/a.txt`.
 */
export function useBucketDomain(client: S3Client, bucket: string): void {
  const prefix = `/${encodeSegment(bucket)}`;
  client.middlewareStack.add(
    (next) => async (args) => {
      const request = args.request as { path?: unknown };
      if (typeof request?.path === "string") {
        if (request.path === prefix) request.path = "/";
        else if (request.path.startsWith(`${prefix}/`)) request.path = request.path.slice(prefix.length);
      }
      return next(args);
    },
    { step: "build", name: "elementalBucketDomain" },
  );
}
