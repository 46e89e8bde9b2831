import type { Command } from "commander";
import type { CliContext } from "../context";
import { type CommandResult, humanBytes } from "../output";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";

export function registerStat(program: Command, run: Runner): void {
  program
    .command("stat")
    .summary("show an object's size, type, etag, date, metadata")
    .description("show an object's size, content type, etag, date and metadata (exit 3 when it does not exist)")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key>", "the object key")
    .action((element: string, key: string, _options: unknown, command: Command) => run(command, (ctx) => statObject(ctx, element, key)));
}

async function statObject(ctx: CliContext, element: string, key: string): Promise<CommandResult> {
  const storage = await openStorage(ctx, element);
  const info = await storage.getObject(key, { signal: ctx.signal });
  const lines = [
    `name          ${info.name}`,
    `size          ${info.size} (${humanBytes(info.size)})`,
    `content-type  ${info.contentType}`,
    `etag          ${info.etag ?? "-"}`,
    `modified      ${info.lastModified.toISOString()}`,
  ];
  if (info.cacheControl) lines.push(`cache-control ${info.cacheControl}`);
  if (info.contentDisposition) lines.push(`disposition   ${info.contentDisposition}`);
  for (const [name, value] of Object.entries(info.metadata)) lines.push(`metadata      ${name}=${value}`);
  return { data: { element: storage.fullName, ...info }, lines };
}
