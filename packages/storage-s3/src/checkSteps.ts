import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { type CheckDefinition, CheckWarning, StorageError } from "@elemental/storages";
import type { S3Connection } from "./S3Connection";
import { serverDate } from "./serverDate";
import type { S3Settings } from "./settings";

/** S3 refuses a request signed more than 15 minutes off its clock (RequestTimeTooSkewed). */
const MAX_SKEW_MS = 15 * 60_000;
const WARN_SKEW_MS = 60_000;

/** The fix for what the server answered, by its S3 error code. */
const S3_FIXES: Record<string, string> = {
  InvalidAccessKeyId: "the server does not know accessKeyId: check it, and that it is a key of this provider and endpoint",
  SignatureDoesNotMatch: "accessKeySecret does not match accessKeyId: check accessKeySecret (a stray space, a rotated key)",
  AccessDenied: "the key may not list this bucket: grant it list, read, write and delete on the bucket",
  NoSuchBucket: "create the bucket, or correct bucketName",
  AuthorizationHeaderMalformed: "wrong region: set region to the bucket's region (the server's message names it)",
  PermanentRedirect: "wrong region or endpoint: use the bucket's own regional endpoint and region",
  IllegalLocationConstraintException: "wrong region: set region to the bucket's region",
  RequestTimeTooSkewed: "set this machine's clock right (NTP): S3 refuses requests more than 15 minutes off",
};

function s3Fix(error: StorageError): string | undefined {
  const cause = error.cause as { name?: unknown; $metadata?: { httpStatusCode?: number } } | undefined;
  if (typeof cause?.name === "string" && S3_FIXES[cause.name]) return S3_FIXES[cause.name];
  if (cause?.$metadata?.httpStatusCode === 301) return S3_FIXES.PermanentRedirect;
  return undefined;
}

/** The S3 Types' steps before the probe: resolve the host, reach the server (and compare clocks), list one key. */
export function s3ConnectionChecks(settings: S3Settings, connection: S3Connection): CheckDefinition[] {
  const { location, bucket } = settings;
  return [
    {
      name: "resolve the endpoint",
      run: async () => {
        const host = location.hostname.replace(/^\[|\]$/g, "");
        if (isIP(host) !== 0) return `${host} (an address)`;
        return `${host} is ${(await lookup(host)).address}`;
      },
      fix: () => "check endPoint: its host name does not resolve from this machine",
    },
    {
      name: "reach the server, compare clocks",
      run: async (signal) => {
        const date = await serverDate(location, signal);
        if (date === undefined) return "the server sent no Date header";
        const skew = Date.now() - date.getTime();
        const said = `this clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? "ahead of" : "behind"} the server's`;
        if (Math.abs(skew) > MAX_SKEW_MS) throw new StorageError("E_ACCESS_DENIED", `${said}: requests will be refused as RequestTimeTooSkewed`);
        if (Math.abs(skew) > WARN_SKEW_MS) return new CheckWarning(said, "set this machine's clock right (NTP) before it drifts past 15 minutes");
        return said;
      },
      fix: (error) => (error.code === "E_ACCESS_DENIED" ? S3_FIXES.RequestTimeTooSkewed : undefined),
    },
    {
      name: "verify the credentials and the bucket",
      run: async (signal) => {
        const { client, sdk } = await connection.get();
        const input = { Bucket: bucket, MaxKeys: 1 };
        if (settings.listVersion === 1) await client.send(new sdk.ListObjectsCommand(input), { abortSignal: signal });
        else await client.send(new sdk.ListObjectsV2Command(input), { abortSignal: signal });
        return `bucket "${bucket}" listed, signed for region ${settings.region}`;
      },
      fix: s3Fix,
    },
  ];
}

/** After the probe: whether a browser may upload to the URLs getUploadUrl signs (a CORS rule allowing PUT). */
export function s3UsageChecks(settings: S3Settings, connection: S3Connection): CheckDefinition[] {
  const fix = "add a CORS rule to the bucket allowing PUT, and the Content-Type header, from your web page's origin";
  return [
    {
      name: "CORS for browser uploads",
      run: async (signal) => {
        const { client, sdk } = await connection.get();
        try {
          const { CORSRules = [] } = await client.send(new sdk.GetBucketCorsCommand({ Bucket: settings.bucket }), { abortSignal: signal });
          const origins = CORSRules.filter((rule) => rule.AllowedMethods?.includes("PUT")).flatMap((rule) => rule.AllowedOrigins ?? []);
          if (origins.length === 0) return new CheckWarning("no CORS rule allows PUT: browsers cannot upload to getUploadUrl's URLs", fix);
          return `PUT allowed from ${origins.join(", ")}`;
        } catch (error) {
          const name = (error as { name?: unknown }).name;
          if (name === "NoSuchCORSConfiguration") return new CheckWarning("the bucket has no CORS rule: browsers cannot upload to getUploadUrl's URLs", fix);
          return new CheckWarning(
            `the CORS rules could not be read (${String(name)})`,
            "if browsers upload directly, check the bucket's CORS rules in the provider's console",
          );
        }
      },
    },
  ];
}
