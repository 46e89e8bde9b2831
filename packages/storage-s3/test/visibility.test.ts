import { GetObjectAclCommand } from "@aws-sdk/client-s3";
import type { AwsS3Storage } from "../src/AwsS3Storage";
import { rejection, removeTempApps, s3App } from "./support/apps";
import { makeBucket, rawClient, randomBucketName, server } from "./support/server";

const client = rawClient();
let bucket = "";
let removeBucket: () => Promise<void>;
const opened: AwsS3Storage[] = [];

async function storage(config: Record<string, unknown> = {}): Promise<AwsS3Storage> {
  const app = await s3App({
    Store: {
      type: "storages.AwsS3Type",
      config: { accessKeyId: server.accessKey, accessKeySecret: server.secretKey, endPoint: server.endpoint, bucketName: bucket, ...config },
    },
  });
  const element = app.getElement<AwsS3Storage>("storages.Store");
  opened.push(element);
  return element;
}

/** The groups an object's ACL grants something to, e.g. ["AllUsers:READ"]. */
async function groupGrants(key: string): Promise<string[]> {
  const { Grants = [] } = await client.send(new GetObjectAclCommand({ Bucket: bucket, Key: key }));
  return Grants.flatMap(({ Grantee, Permission }) => (Grantee?.URI ? [`${Grantee.URI.split("/").pop()}:${Permission}`] : [])).sort();
}

beforeAll(async () => {
  bucket = randomBucketName("visibility");
  removeBucket = await makeBucket(client, bucket);
});

afterAll(async () => {
  for (const element of opened) await element.close();
  await removeBucket();
  client.destroy();
  removeTempApps();
});

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
