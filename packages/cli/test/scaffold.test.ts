import { envVarName, isScaffoldedFromEnv, scaffoldConfig } from "@elemental/storages";
import { exitCodeFor } from "../src/errors";

describe("scaffoldConfig", () => {
  const s3Like = {
    type: "object",
    required: ["accessKeyId", "accessKeySecret", "bucketName", "region"],
    properties: {
      accessKeyId: { type: "string" },
      accessKeySecret: { type: "string" },
      endPoint: { type: "string" },
      bucketName: { type: "string", minLength: 3 },
      region: { type: "string", default: "us-east-1" },
      forcePathStyle: { type: "boolean" },
      sessionToken: { type: "string" },
    },
  };

  it("writes the required fields: secrets as ${NAME_FIELD} references, others as defaults, and never a placeholder", () => {
    expect(scaffoldConfig("MyS3", s3Like, {}, false)).toEqual({
      config: { accessKeyId: "${MY_S3_ACCESS_KEY_ID}", accessKeySecret: "${MY_S3_ACCESS_KEY_SECRET}", region: "us-east-1" },
      env: ["MY_S3_ACCESS_KEY_ID", "MY_S3_ACCESS_KEY_SECRET"],
      missing: [{ field: "bucketName" }],
      optional: ["endPoint", "forcePathStyle", "sessionToken"],
    });
  });

  it("reports a required field with only an example or a choice as missing, with that hint", () => {
    const schema = {
      required: ["region", "scheme", "port", "verbose"],
      properties: {
        region: { type: "string", examples: ["eu-west-1"] },
        scheme: { enum: ["http", "https"] },
        port: { type: "integer" },
        verbose: { type: "boolean" },
      },
    };
    expect(scaffoldConfig("X", schema, {}, false)).toMatchObject({
      config: { verbose: false },
      missing: [{ field: "region", hint: 'e.g. "eu-west-1"' }, { field: "scheme", hint: 'one of "http", "https"' }, { field: "port" }],
    });
  });

  it("with --all also writes optional secrets and defaults, and takes given values as they are", () => {
    const schema = { ...s3Like, required: ["bucketName"] };
    const { config, env, missing, optional } = scaffoldConfig("Files", schema, { bucketName: "files", endPoint: "http://127.0.0.1:7480", extra: 1 }, true);
    expect(config).toEqual({
      accessKeyId: "${FILES_ACCESS_KEY_ID}",
      accessKeySecret: "${FILES_ACCESS_KEY_SECRET}",
      endPoint: "http://127.0.0.1:7480",
      bucketName: "files",
      region: "us-east-1",
      sessionToken: "${FILES_SESSION_TOKEN}",
      extra: 1,
    });
    expect(env).toEqual(["FILES_ACCESS_KEY_ID", "FILES_ACCESS_KEY_SECRET", "FILES_SESSION_TOKEN"]);
    expect(missing).toEqual([]);
    expect(optional).toEqual(["forcePathStyle"]);
  });

  it("names environment variables in UPPER_SNAKE and recognises secret fields by name", () => {
    expect(envVarName("Default", "signingSecret")).toBe("DEFAULT_SIGNING_SECRET");
    expect(envVarName("R2Backup", "apiKey")).toBe("R2_BACKUP_API_KEY");
    expect(envVarName("my-store", "password")).toBe("MY_STORE_PASSWORD");
    for (const field of ["accessKeyId", "accessKeySecret", "password", "token", "signingSecret"]) expect(isScaffoldedFromEnv(field)).toBe(true);
    for (const field of ["bucketName", "region", "directory", "endPoint"]) expect(isScaffoldedFromEnv(field)).toBe(false);
  });
});

describe("exit codes", () => {
  it("maps every error code to one documented exit code", () => {
    expect(["E_USAGE", "E_INVALID_KEY", "E_INVALID_ARGUMENT"].map(exitCodeFor)).toEqual([2, 2, 2]);
    expect(["E_NOT_FOUND", "E_ELEMENT_NOT_FOUND", "E_APP_NOT_FOUND", "E_FILE_NOT_FOUND"].map(exitCodeFor)).toEqual([3, 3, 3, 3]);
    expect(["E_INVALID_CONFIG", "E_ACCESS_DENIED", "E_UNAVAILABLE", "E_INTERNAL", "E_UNKNOWN_FIELD", "E_KIND_CONFLICT"].map(exitCodeFor)).toEqual([
      1, 1, 1, 1, 1, 1,
    ]);
    expect(exitCodeFor("E_ABORTED")).toBe(130);
  });
});
