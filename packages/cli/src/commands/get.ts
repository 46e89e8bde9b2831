import { stat } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { Command } from "commander";
import { refuseBinary } from "../binaryGuard";
import type { CliContext } from "../context";
import { CliError } from "../errors";
import { type CommandResult, humanBytes, shortenPaths } from "../output";
import { startProgress } from "../progress";
import type { Runner } from "../runner";
import { openStorage } from "../storageElement";
import { byteCounter } from "../transfer";

export function registerGet(program: Command, run: Runner): void {
  program
    .command("get")
    .summary("download an object to a file, or standard output")
    .description("download an object: to [file] (default: the key's base name in the current folder; a folder keeps that name); `-` writes to standard output")
    .argument("<element>", "a storage instance, e.g. storages.Files")
    .argument("<key>", "the object key")
    .argument("[file]", "where to write it, or - for standard output")
    .option("--force", "with -, write binary bytes even when standard output is a terminal")
    .action((element: string, key: string, file: string | undefined, options: GetOptions, command: Command) =>
      run(command, (ctx) => get(ctx, element, key, file, options)),
    );
}

interface GetOptions {
  force?: boolean;
}

async function get(ctx: CliContext, element: string, key: string, file: string | undefined, options: GetOptions): Promise<CommandResult> {
  const storage = await openStorage(ctx, element);
  const info = await storage.getObject(key, { signal: ctx.signal });
  const toStdout = file === "-";
  const target = toStdout ? "-" : await targetFile(ctx, key, file);
  const progress = startProgress(ctx, `get ${key}`, info.size);
  let etag = info.etag;
  try {
    // To a file: the storage writes it (S3: ranges in parallel, pinned to one version) and renames it into place.
    if (!toStdout) etag = (await storage.downloadToFile(key, target, { signal: ctx.signal, onProgress: ({ loaded }) => progress.update(loaded) })).etag ?? etag;
    else await toStandardOutput(ctx, await storage.downloadStream(key, { signal: ctx.signal }), key, (loaded) => progress.update(loaded), options);
  } finally {
    progress.stop();
  }
  const data = { element: storage.fullName, key, file: target, size: info.size, contentType: info.contentType, etag: etag ?? null };
  const where = toStdout ? "standard output" : shortenPaths(target, ctx.cwd);
  return { data, lines: [`got ${storage.fullName}:${key} -> ${where} (${humanBytes(info.size)})`], toStderr: toStdout };
}

async function toStandardOutput(ctx: CliContext, body: Readable, key: string, update: (loaded: number) => void, options: GetOptions): Promise<void> {
  const counter = byteCounter(update);
  try {
    if (process.stdout.isTTY && !options.force) await pipeline(body, counter, refuseBinary(key), process.stdout, { end: false, signal: ctx.signal });
    else await pipeline(body, counter, process.stdout, { end: false, signal: ctx.signal });
  } catch (error) {
    // A failed read is the storage's error (a StorageError with its code); a failed write is the terminal's.
    body.destroy();
    throw error;
  }
}

/** The file to write: [file] against the user's folder (inside it when it is a folder), else the key's base name. */
async function targetFile(ctx: CliContext, key: string, file: string | undefined): Promise<string> {
  const target = ctx.resolvePath(file ?? path.posix.basename(key));
  const existing = await stat(target).catch(() => undefined);
  if (existing?.isDirectory()) return path.join(target, path.posix.basename(key));
  const folder = await stat(path.dirname(target)).catch(() => undefined);
  if (!folder?.isDirectory()) throw new CliError("E_FILE_NOT_FOUND", `no folder ${path.dirname(target)} to write ${path.basename(target)} in`);
  return target;
}
