import type { ObjectCannedACL } from "@aws-sdk/client-s3";
import type { Visibility } from "@elemental/storages";
import type { Connection } from "./S3Connection";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";

/** The canned ACL that gives an object a visibility: anyone may read it, or only the bucket's owner. */
export function cannedAclOf(visibility: Visibility): ObjectCannedACL {
  return visibility === "public" ? "public-read" : "private";
}

/** Public when the object's ACL lets everyone (AllUsers) read it. */
export async function readVisibility({ client, sdk }: Connection, bucket: string, key: string, signal?: AbortSignal): Promise<Visibility> {
  const { Grants = [] } = await client.send(new sdk.GetObjectAclCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const readable = Grants.some(({ Grantee, Permission }) => Grantee?.URI === ALL_USERS && (Permission === "READ" || Permission === "FULL_CONTROL"));
  return readable ? "public" : "private";
}

export async function writeVisibility({ client, sdk }: Connection, bucket: string, key: string, visibility: Visibility, signal?: AbortSignal): Promise<void> {
  await client.send(new sdk.PutObjectAclCommand({ Bucket: bucket, Key: key, ACL: cannedAclOf(visibility) }), { abortSignal: signal });
}
