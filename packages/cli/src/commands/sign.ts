import type { Command } from "commander";
import type { CliContext } from "../context";
import type { CommandResult } from "../output";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";
import { parseSeconds } from "../transfer";

interface SignOptions {
  expires: number;
  contentType?: string;
}

export function registerSign(program: Command, run: Runner): void {
  program
    .command("sign")
    .summary("print a pre-signed GET URL")
    .description("print a pre-signed GET URL for an object (it is not checked that the object exists)")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key>", "the object key")
    .option("--expires <seconds>", "how long the URL is valid (1 to 604800)", parseSeconds, 300)
    .option("--content-type <type>", "the Content-Type the response should carry")
    .action((element: string, key: string, options: SignOptions, command: Command) => run(command, (ctx) => sign(ctx, element, key, options)));
}

async function sign(ctx: CliContext, element: string, key: string, options: SignOptions): Promise<CommandResult> {
  const storage = await openStorage(ctx, element);
  const issued = Date.now();
  const url = await storage.getSignUrl(key, options.contentType, options.expires);
  const expiresAt = new Date(issued + options.expires * 1000);
  return { data: { element: storage.fullName, key, url, expires: options.expires, expiresAt }, lines: [url] };
}
