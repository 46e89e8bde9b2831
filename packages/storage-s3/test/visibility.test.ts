import { GetObjectAclCommand } from "@aws-sdk/client-s3";
import type { AwsS3Storage } from "../src/AwsS3Storage";
import { rejection } from "./support/apps";
import { testBucket } from "./support/testBucket";

const bucket = testBucket("visibility");

function storage(config: Record<string, unknown> = {}): Promise<AwsS3Storage> {
  return bucket.store<AwsS3Storage>("storages.AwsS3Type", bucket.awsS3Config(config));
}

/** The groups an object's ACL grants something to, e.g. ["AllUsers:READ"]. */
async function groupGrants(key: string): Promise<string[]> {
  const { Grants = [] } = await bucket.client.send(new GetObjectAclCommand({ Bucket: bucket.name, Key: key }));
  return Grants.flatMap(({ Grantee, Permission }) => (Grantee?.URI ? [`${Grantee.URI.split("/").pop()}:${Permission}`] : [])).sort();
}

describe("visibility as canned ACLs on the real server", () => {
  it("without acls in the config there is no visibility, and nothing is asked of the server", async () => {
    const s3 = await storage();
    expect(s3.capabilities.visibility).toBe(false);
    expect((await rejection(s3.uploadByFile("none.txt", "x", undefined, { visibility: "public" }))).code).toBe("E_UNSUPPORTED");
    expect(await s3.exists("none.txt")).toBe(false);
  });

  it("public is public-read and private is private; getVisibility reads the ACL", async () => {
    const s3 = await storage({ acls: true });
    await s3.uploadByFile("pub.txt", "x", undefined, { visibility: "public" });
    await s3.uploadByFile("priv.txt", "x", undefined, { visibility: "private" });
    expect(await groupGrants("pub.txt")).toEqual(["AllUsers:READ"]);
    expect(await groupGrants("priv.txt")).toEqual([]);
    expect([await s3.getVisibility("pub.txt"), await s3.getVisibility("priv.txt")]).toEqual(["public", "private"]);
  });

  it("keeps the config's own acl where it gives the visibility asked for (authenticated-read is private to anonymous readers)", async () => {
    const s3 = await storage({ acl: "authenticated-read" });
    expect(s3.capabilities.visibility).toBe(true);
    await s3.uploadByFile("team.txt", "x", undefined, { visibility: "private" });
    expect(await groupGrants("team.txt")).toEqual(["AuthenticatedUsers:READ"]);
    await s3.setVisibility("team.txt", "public");
    expect(await groupGrants("team.txt")).toEqual(["AllUsers:READ"]);
    await s3.setVisibility("team.txt", "private");
    expect(await groupGrants("team.txt")).toEqual(["AuthenticatedUsers:READ"]);
    await s3.copy("team.txt", "team-copy.txt");
    expect(await groupGrants("team-copy.txt")).toEqual(["AuthenticatedUsers:READ"]);
    expect(await s3.getVisibility("team-copy.txt")).toBe("private");
  });
});
