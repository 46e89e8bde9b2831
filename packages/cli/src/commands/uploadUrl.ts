import type { Command } from "commander";
import type { CliContext } from "../context";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";
import { parseSeconds } from "../transfer";

interface UploadUrlOptions {
  expires: number;
  contentType?: string;
}

export function registerUploadUrl(program: Command, run: Runner): void {
  program
    .command("upload-url")
    .summary("print a pre-signed upload: method, URL, headers")
    .description("print a pre-signed upload: the method, URL and headers a client must send")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key>", "the object key")
    .option("--expires <seconds>", "how long the URL is valid (1 to 604800)", parseSeconds, 300)
    .option("--content-type <type>", "the Content-Type the upload must carry (default: from the key's extension)")
    .action((element: string, key: string, options: UploadUrlOptions, command: Command) => run(command, (ctx) => uploadUrl(ctx, element, key, options)));
}

async function uploadUrl(ctx: CliContext, element: string, key: string, options: UploadUrlOptions): Promise<CommandResult> {
  const storage = await openStorage(ctx, element);
  const upload = await storage.getUploadUrl(key, options.contentType, options.expires);
  const headers = Object.entries(upload.headers);
  const curl = [
    "curl",
    "-X",
    upload.method,
    ...headers.flatMap(([name, value]) => ["-H", shellQuote(`${name}: ${value}`)]),
    "--upload-file",
    "<file>",
    shellQuote(upload.url),
  ];
  return {
    data: { element: storage.fullName, key, ...upload },
    lines: [
      `${upload.method} ${upload.url}`,
      ...headers.map(([name, value]) => `${name}: ${value}`),
      `expires ${upload.expiresAt.toISOString()}`,
      `e.g. ${curl.join(" ")}`,
    ],
  };
}

function shellQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
