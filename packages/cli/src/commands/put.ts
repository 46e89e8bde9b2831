import { stat } from "node:fs/promises";
import path from "node:path";
import type { UploadResult } from "@elemental/storages";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { countOption } from "../countOption";
import { CliError } from "../errors";
import { type CommandResult, humanBytes } from "../output";
import { startProgress } from "../progress";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";
import { parseMetadata, repeatable } from "../transfer";

interface PutOptions {
  contentType?: string;
  metadata?: string[];
  resume?: boolean;
  parallel?: number;
}

export function registerPut(program: Command, run: Runner): void {
  program
    .command("put")
    .summary("upload a file, or standard input")
    .description("upload a file (any size, streamed); `-` reads standard input")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<file>", "the local file, or - for standard input")
    .argument("[key]", "the object key (default: the file's base name; required with -)")
    .option("--content-type <type>", "the object's content type (default: from the key's extension)")
    .option("--metadata <key=value>", "user metadata (repeatable)", repeatable)
    .option("--resume", "continue an interrupted upload of this file, sending only the parts the server lacks (S3 Types)")
    .option(
      "--parallel <n>",
      "parts of the file in flight at once, 1 to 256 (S3 Types; default: the element's queueSize); an interrupted upload sends again at most these parts, 1 bounds it to one part",
      countOption("--parallel"),
    )
    .action((element: string, file: string, key: string | undefined, options: PutOptions, command: Command) =>
      run(command, (ctx) => put(ctx, element, file, key, options)),
    );
}

async function put(ctx: CliContext, element: string, file: string, key: string | undefined, options: PutOptions): Promise<CommandResult> {
  const fromStdin = file === "-";
  if (fromStdin && key === undefined) throw new CliError("E_USAGE", "put <element> - <key>: a key is needed to upload standard input");
  if (fromStdin && options.resume) throw new CliError("E_USAGE", "--resume continues the upload of a file: standard input cannot be read again");
  if (fromStdin && options.parallel !== undefined)
    throw new CliError("E_USAGE", "--parallel sets the parts of a file in flight: standard input is read in order");
  const source = fromStdin ? "-" : ctx.resolvePath(file);
  const size = fromStdin ? undefined : await fileSize(source);
  const objectKey = key ?? path.basename(source);
  const metadata = parseMetadata(options.metadata);
  const storage = await openStorage(ctx, element);
  const progress = startProgress(ctx, `put ${objectKey}`, size);
  const uploadOptions = {
    signal: ctx.signal,
    onProgress: ({ loaded }: { loaded: number }) => progress.update(loaded),
    ...(metadata ? { metadata } : {}),
    // S3 Types' options (S3UploadOptions); other Types upload the file as usual.
    ...(options.resume ? { resume: true } : {}),
    ...(options.parallel !== undefined ? { queueSize: options.parallel } : {}),
  };
  let result: UploadResult;
  try {
    result = fromStdin
      ? await storage.uploadStream(objectKey, process.stdin, options.contentType, uploadOptions)
      : await storage.uploadByPath(objectKey, source, options.contentType, uploadOptions);
  } finally {
    progress.stop();
  }
  return {
    data: { element: storage.fullName, file: source, ...result },
    lines: [
      `put ${fromStdin ? "standard input" : file} -> ${storage.fullName}:${result.name} (${humanBytes(result.size)}, ${result.contentType})`,
      `etag ${result.etag ?? "-"}`,
      `url  ${result.url}`,
    ],
  };
}

async function fileSize(file: string): Promise<number> {
  const info = await stat(file).catch((cause: unknown) => {
    throw new CliError("E_FILE_NOT_FOUND", `no file ${file}`, { cause });
  });
  if (!info.isFile()) throw new CliError("E_USAGE", `${file} is not a file`);
  return info.size;
}
