/**
 * The files `elemental init` writes: an application that extends the storage packages, with a DiskType
 * default storage under appData/, a typed main.ts that uses it, and the package.json entries it needs.
 */

/** Package name -> version range of what the application depends on (all Elemental packages share one version). */
export function dependenciesFor(version: string, nodeMajor: number): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const ours = `^${version}`;
  return {
    dependencies: {
      "@elemental/core": ours,
      "@elemental/storages": ours,
      "@elemental/storage-disk": ours,
      "@elemental/storage-s3": ours,
    },
    devDependencies: {
      "@elemental/cli": ours,
      "@types/node": `^${nodeMajor}.0.0`,
      tsx: "^4.20.0",
      typescript: "^6.0.3",
    },
  };
}

export const SCRIPTS: Record<string, string> = {
  start: "tsx main.ts",
  types: "elemental types",
  validate: "elemental validate",
  typecheck: "tsc --noEmit",
};

export function appJson(appId: string, title: string): object {
  return {
    appId,
    title,
    version: "0.1.0",
    extends: ["@elemental/storage-disk", "@elemental/storage-s3"],
    settings: { defaultElement: { defaultStorage: "storages.Default" } },
  };
}

export const DEFAULT_STORAGE_DECLARATION = { title: "Default storage", type: "storages.DiskType" };
export const DEFAULT_STORAGE_CONFIG = { directory: "appData/files" };

export const TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    esModuleInterop: true,
    skipLibCheck: true,
    noEmit: true,
    types: ["node"],
  },
  include: ["*.ts", "elemental-env.d.ts", "storages/**/*.ts"],
};

export const GITIGNORE_LINES = ["node_modules/", "appData/"];

export const MAIN_TS = `import { createApp } from "@elemental/core";

async function main(): Promise<void> {
  const app = await createApp({ root: __dirname });
  try {
    // Typed by elemental-env.d.ts (\`npx elemental types\` writes it again after you add elements).
    const files = app.getElement("storages.Default");
    const { url } = await files.uploadByFile("hello.txt", "Hello, Elemental!", "text/plain");
    console.log(\`stored \${url}\`);
    console.log((await files.download("hello.txt")).toString());
    console.log(await files.getSignUrl("hello.txt", "text/plain", 60));
  } finally {
    await app.close(); // each element's onAppExit: an S3 storage's sockets, a Disk server
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
