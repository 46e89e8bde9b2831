import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { makeBucket, rawS3Client, randomBucketName } from "@elemental/storage-s3/testing";
import { OutsideApp, expectOk, nodeBinary, tarballs } from "./outsideApp";

const FIXTURES = path.join(__dirname, "../fixtures");
const SLOW = 600_000;

/**
 * Elemental as a user gets it, on one Node.js major version: the packed packages installed with plain npm
 * into an application under the system temp folder, then every step of the README's "Use it in your own
 * project", the seed's usage as ESM and CommonJS on the DiskType default and on S3, a TypeScript Type,
 * and `tsc --noEmit` of the scaffolded main.ts against the generated element map.
 */
export function describeOutsideApp(major: number): void {
  describe(`an application outside the workspace, on Node ${major}`, () => {
    let app: OutsideApp;
    let dropBucket: (() => Promise<void>) | undefined;
    const bucket = randomBucketName("outside");
    const s3 = {
      MEDIA_ENDPOINT: need("S3_ENDPOINT"),
      MEDIA_KEY: need("S3_ACCESS_KEY"),
      MEDIA_SECRET: need("S3_SECRET_KEY"),
      MEDIA_REGION: process.env.S3_REGION || "us-east-1",
    };

    beforeAll(async () => {
      app = new OutsideApp(nodeBinary(major));
      dropBucket = await makeBucket(
        rawS3Client({ endpoint: s3.MEDIA_ENDPOINT, accessKey: s3.MEDIA_KEY, secretKey: s3.MEDIA_SECRET, region: s3.MEDIA_REGION }),
        bucket,
      );
    }, SLOW);

    afterAll(async () => {
      await dropBucket?.();
      app?.remove();
    });

    test("runs on the Node version it says", async () => {
      expect(expectOk(await app.run("node", ["-p", "process.versions.node"]), "node").stdout.trim()).toMatch(new RegExp(`^${major}\\.`));
    });

    test(
      "npm installs the tarballs, and `npx elemental init` scaffolds the application without overwriting",
      async () => {
        const install = expectOk(await app.run("npm", ["install", "--no-audit", "--no-fund", ...tarballs()]), "npm install <tarballs>");
        process.stderr.write(`[packaging] Node ${major}: npm install of the tarballs took ${(install.ms / 1000).toFixed(1)} s\n`);
        writeFileSync(path.join(app.root, ".gitignore"), "dist/\n");
        const init = expectOk(await app.elemental(["init"]), "elemental init");
        for (const file of ["app.json", "storages/Default/e.json", "storages/Default/Default.json", "main.ts", "tsconfig.json", "elemental-env.d.ts"]) {
          expect(existsSync(path.join(app.root, file))).toBe(true);
        }
        expect(readFileSync(path.join(app.root, ".gitignore"), "utf8")).toBe("dist/\nnode_modules/\nappData/\n");
        const pkg = JSON.parse(readFileSync(path.join(app.root, "package.json"), "utf8"));
        expect(pkg.dependencies["@elemental/core"]).toMatch(/^file:/); // npm's own entry is kept, not overwritten
        expect(pkg.devDependencies).toEqual(expect.objectContaining({ tsx: expect.any(String), typescript: expect.any(String) }));
        expect(init.stdout).toContain("wrote elemental-env.d.ts");
        const again = await app.elemental(["init"]);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain("E_APP_EXISTS");
        expectOk(await app.run("npm", ["install", "--no-audit", "--no-fund"]), "npm install (devDependencies added by init)");
      },
      SLOW,
    );

    test(
      "`npx elemental validate` and `ls --json` print exactly their output",
      async () => {
        expect(expectOk(await app.elemental(["validate"]), "validate").stdout).toMatch(/^ok: /);
        const listed = expectOk(await app.elemental(["ls", "--json"]), "ls --json");
        process.stderr.write(`[packaging] Node ${major}: cold \`npx elemental ls --json\` took ${listed.ms.toFixed(0)} ms\n`);
        const parsed = JSON.parse(listed.stdout) as { elements: Array<{ fullName: string; kind: string }> };
        expect(parsed.elements).toContainEqual(expect.objectContaining({ fullName: "storages.Default", kind: "instance" }));
        // JitAi's seven storage Types, from the installed packages.
        for (const type of ["AwsS3Type", "OssType", "CloudflareR2Type", "DiskType", "EosType", "MinioType", "QiniuType"]) {
          expect(parsed.elements).toContainEqual(expect.objectContaining({ fullName: `storages.${type}`, kind: "type" }));
        }
      },
      SLOW,
    );

    test(
      "`npx elemental put` then `get ... -` gives back the same bytes on stdout",
      async () => {
        const bytes = randomBytes(200_000);
        writeFileSync(path.join(app.root, "photo.bin"), bytes);
        expectOk(await app.elemental(["put", "storages.Default", "photo.bin", "photos/p.bin"]), "put");
        const got = expectOk(await app.elemental(["get", "storages.Default", "photos/p.bin", "-"]), "get -");
        expect(got.bytes.equals(bytes)).toBe(true);
      },
      SLOW,
    );

    test.each(["seed-usage.mjs", "seed-usage.cjs"])(
      "%s runs the seed's usage on the default DiskType",
      async (program) => {
        copyFileSync(path.join(FIXTURES, program), path.join(app.root, program));
        const result = seedResult(expectOk(await app.run("node", [program]), program).stdout);
        expect(result).toEqual(expect.objectContaining({ storageType: "storages.DiskType", status: 200, deleted: true, after: "E_NOT_FOUND" }));
        expect(result.fetched).toBe(result.text);
        expect(result.downloaded).toBe(result.text);
      },
      SLOW,
    );

    test(
      "the same programs on an AwsS3Type element against the local S3 server, secrets from --env-file",
      async () => {
        mkdirSync(path.join(app.root, "storages/Media"), { recursive: true });
        writeFileSync(path.join(app.root, "storages/Media/e.json"), JSON.stringify({ title: "Media", type: "storages.AwsS3Type" }));
        const config = {
          accessKeyId: "${MEDIA_KEY}",
          accessKeySecret: "${MEDIA_SECRET}",
          endPoint: "${MEDIA_ENDPOINT}",
          region: "${MEDIA_REGION}",
          bucketName: bucket,
          forcePathStyle: true,
        };
        writeFileSync(path.join(app.root, "storages/Media/Media.json"), JSON.stringify(config));
        writeFileSync(
          path.join(app.root, "media.env"),
          Object.entries(s3)
            .map(([name, value]) => `${name}=${value}`)
            .join("\n"),
        );
        writeFileSync(path.join(app.root, "note.txt"), "to S3");
        const put = expectOk(await app.elemental(["--env-file", "media.env", "put", "storages.Media", "note.txt", "notes/n.txt"]), "put --env-file");
        expect(put.stderr).not.toContain(s3.MEDIA_SECRET);
        expect(put.stderr).not.toMatch(/node/i); // no Node version notice from the SDK (nine lines on Node 20)
        for (const program of ["seed-usage.mjs", "seed-usage.cjs"]) {
          const result = seedResult(expectOk(await app.run("node", [program, "storages.Media"], { env: s3 }), `${program} storages.Media`).stdout);
          expect(result).toEqual(expect.objectContaining({ storageType: "storages.AwsS3Type", status: 200, deleted: true, after: "E_NOT_FOUND" }));
          expect(result.fetched).toBe(result.text);
        }
      },
      SLOW,
    );

    test(
      "the scaffolded main.ts type-checks against the element map, and `npm start` runs it",
      async () => {
        expectOk(await app.elemental(["types"]), "types");
        expectOk(await app.run("npx", ["tsc", "--noEmit", "-p", "."]), "tsc --noEmit");
        const started = expectOk(await app.run("npm", ["start", "--silent"]), "npm start");
        expect(started.stdout).toContain("Hello, Elemental!");
      },
      SLOW,
    );

    test(
      "an application's own Type in TypeScript loads through tsx, and on Node >= 22.18 through plain node",
      async () => {
        mkdirSync(path.join(app.root, "storages/StampedType"), { recursive: true });
        mkdirSync(path.join(app.root, "storages/Stamped"), { recursive: true });
        writeFileSync(
          path.join(app.root, "storages/StampedType/e.json"),
          JSON.stringify({ title: "Stamped", type: "storages.DiskType", backendBundleEntry: "." }),
        );
        copyFileSync(path.join(FIXTURES, "StampedType.ts"), path.join(app.root, "storages/StampedType/index.ts"));
        writeFileSync(path.join(app.root, "storages/Stamped/e.json"), JSON.stringify({ title: "Stamped files", type: "storages.StampedType" }));
        writeFileSync(path.join(app.root, "storages/Stamped/Stamped.json"), JSON.stringify({ directory: "appData/stamped" }));
        copyFileSync(path.join(FIXTURES, "stamped.mjs"), path.join(app.root, "stamped.mjs"));
        const expected = { stamp: "hello@storages.Stamped", size: 7 };
        expect(JSON.parse(expectOk(await app.run("node", ["--import", "tsx", "stamped.mjs"]), "node --import tsx").stdout)).toEqual(expected);
        const plain = await app.run("node", ["stamped.mjs"]);
        if (major >= 22) expect(JSON.parse(expectOk(plain, "node stamped.mjs").stdout)).toEqual(expected);
        else expect(plain.stderr).toContain("A TypeScript module needs a loader");
        expect(expectOk(await app.elemental(["--env-file", "media.env", "validate"]), "validate with a TypeScript Type").stdout).toMatch(/^ok: /);
        expectOk(await app.elemental(["types"]), "types");
        expectOk(await app.run("npx", ["tsc", "--noEmit", "-p", "."]), "tsc --noEmit with a TypeScript Type");
      },
      SLOW,
    );
  });
}

interface SeedResult {
  storageType: string;
  text: string;
  fetched: string;
  downloaded: string;
  status: number;
  deleted: boolean;
  after: string;
}

function seedResult(stdout: string): SeedResult {
  return JSON.parse(stdout.trim().split("\n").pop() ?? "") as SeedResult;
}

function need(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set; the package's jest globalSetup sets it`);
  return value;
}
