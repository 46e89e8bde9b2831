import type { ObjectCannedACL } from "@aws-sdk/client-s3";
import type { Visibility } from "@elemental/storages";
import type { Connection } from "./S3Connection";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

/** Canned ACLs that let anyone read. */
const PUBLIC_ACLS = new Set(["public-read", "public-read-write"]);

/**
 * The canned ACL that gives an object a visibility: the config's own `acl` when it gives that visibility
 * (it may grant more, e.g. `bucket-owner-full-control`), else `public-read` or `private`.
 */
export function cannedAclOf(visibility: Visibility, configured?: string): ObjectCannedACL {
  if (configured !== undefined && PUBLIC_ACLS.has(configured) === (visibility === "public")) return configured as ObjectCannedACL;
  return visibility === "public" ? "public-read" : "private";
}

/** Public when the object's ACL lets everyone (AllUsers) read it. */
export async function readVisibility({ client, sdk }: Connection, bucket: string, key: string, signal?: AbortSignal): Promise<Visibility> {
  const { Grants = [] } = await client.send(new sdk.GetObjectAclCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const readable = Grants.some(({ Grantee, Permission }) => Grantee?.URI === ALL_USERS && (Permission === "READ" || Permission === "FULL_CONTROL"));
  return readable ? "public" : "private";
}

export async function writeVisibility({ client, sdk }: Connection, bucket: string, key: string, ACL: ObjectCannedACL, signal?: AbortSignal): Promise<void> {
  await client.send(new sdk.PutObjectAclCommand({ Bucket: bucket, Key: key, ACL }), { abortSignal: signal });
}
