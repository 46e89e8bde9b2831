import { readFileSync } from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";

/** The hostile-input corpus (test/corpus/hostile.json); see its "about" line and the package README. */
export interface HostileCorpus {
  secrets: Record<string, string>;
  vaultConfig: Record<string, unknown>;
  appCases: AppCase[];
  storageCases: StorageCase[];
  typeConfigCases: TypeConfigCase[];
  handlerCases: HandlerCase[];
}

/** A request to the Disk handler made from a signed URL, perhaps edited, and what it must answer. */
export interface HandlerCase {
  id: string;
  about: string;
  /** The object uploaded before the case (through the storage, with these attributes). */
  object: { key: string; body: string; contentType?: string; contentDisposition?: string; cacheControl?: string };
  /** The URL: `getSignUrl(object.key, ...)` for GET, `getUploadUrl(key, ...)` for PUT. */
  sign: { method: "GET" | "PUT"; key?: string; contentType?: string; expires?: number; options?: Record<string, unknown> };
  /** Text appended to the signed URL. */
  append?: string;
  /** A text replaced in the signed URL: [from, to]. */
  replace?: [string, string];
  /** Headers may be tagged refs: `etag`, `weakEtag`, `dayBefore`, `dayAfter` (of the object). */
  request?: { method?: string; headers?: Record<string, unknown>; body?: string };
  /** The status, headers (a value, `{"$match": regex}`, or null for absent) and, for a PUT, whether the key then exists. */
  expect: { status: number; headers?: Record<string, string | { $match: string } | null>; stored?: boolean };
}

export type Expectation = string; // an error code, or "ok"

export interface AppCase {
  id: string;
  about: string;
  expect: Expectation;
  /** Where the error must come from: createApp ("create") or the first getElement ("get"). */
  stage?: "create" | "get";
  /** Files written over the base application: text, tagged content, or {"$": "delete"}. */
  files?: Record<string, unknown>;
  env?: Record<string, string>;
  /** The element to get (default `things.A`); may be a tagged value. */
  element?: unknown;
  /** The application root relative to the temporary folder, when it is not the folder itself. */
  root?: string;
}

export interface StorageCase {
  id: string;
  about: string;
  op: string;
  args: unknown[];
  expect: Expectation | { deleted: string[]; errors: string[] };
  check?: "roundtrip" | "absent" | "absentOutside" | "seedIntact" | { length: number };
  absentKey?: string;
  setupVictim?: boolean;
  setupKeys?: Record<string, string>;
  /** A different, documented code on some Types (by Type fullName), with `why`. */
  expectByType?: Record<string, string>;
  why?: string;
}

/** A storage Type's config broken in some way: the error comes from getElement ("get") or the first operation ("op"). */
export interface TypeConfigCase {
  id: string;
  about: string;
  target: "memory" | "disk" | "s3";
  config: unknown;
  expect: Expectation;
  stage: "get" | "op";
}

export function loadCorpus(): HostileCorpus {
  return JSON.parse(readFileSync(path.join(__dirname, "../corpus/hostile.json"), "utf8")) as HostileCorpus;
}

/** What the tagged values of the corpus stand for, where JSON cannot say it. */
export interface ValueContext {
  tempFile: string;
  tempDir: string;
  /** What `{"$": "ref", "name": ...}` stands for (server addresses and credentials known only at run time). */
  refs?: Record<string, unknown>;
}

const DELETE = Symbol("delete");

/** Turns a corpus value into the JavaScript value it describes (`{"$": "NaN"}` -> NaN, and so on). */
export function materialize(value: unknown, context: ValueContext): unknown {
  if (Array.isArray(value)) return value.map((item) => materialize(item, context));
  if (value === null || typeof value !== "object") return value;
  const tagged = value as Record<string, unknown>;
  if (typeof tagged.$repeat === "string") {
    const { prefix = "", suffix = "" } = tagged as { prefix?: string; suffix?: string };
    return `${prefix}${tagged.$repeat.repeat(Number(tagged.times))}${suffix}`;
  }
  if (typeof tagged.$parse === "string") return JSON.parse(tagged.$parse);
  if (typeof tagged.$ === "string") return special(tagged, context);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(tagged)) {
    Object.defineProperty(out, key, { value: materialize(item, context), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function special(tagged: Record<string, unknown>, context: ValueContext): unknown {
  switch (tagged.$) {
    case "undefined":
      return undefined;
    case "delete":
      return DELETE;
    case "NaN":
      return Number.NaN;
    case "Infinity":
      return Number.POSITIVE_INFINITY;
    case "-Infinity":
      return Number.NEGATIVE_INFINITY;
    case "-0":
      return -0;
    case "object":
      return { hostile: true };
    case "function":
      return () => "not data";
    case "promise":
      return Promise.resolve(Buffer.from("x"));
    case "date":
      return new Date(0);
    case "symbol":
      return Symbol("hostile");
    case "bigint":
      return 10n;
    case "bytes":
      return Buffer.alloc(Number(tagged.size), 0x5a);
    case "readable":
      return Readable.from((tagged.chunks as string[]).map((chunk) => Buffer.from(chunk)));
    case "objectStream":
      return Readable.from([1, { not: "bytes" }, [2]], { objectMode: true });
    case "fakeWebStream":
      return { getReader: () => ({ hostile: true }) };
    case "abortedSignal":
      return AbortSignal.abort();
    case "throwingFunction":
      return () => {
        throw new Error("the caller's callback failed");
      };
    case "ref": {
      const name = String(tagged.name);
      if (!context.refs || !(name in context.refs)) throw new Error(`the corpus refers to ${name}, which this run does not define`);
      return context.refs[name];
    }
    case "tempFile":
      return context.tempFile;
    case "tempDir":
      return context.tempDir;
    default:
      throw new Error(`the corpus uses an unknown tag ${String(tagged.$)}`);
  }
}

/**
 * The bytes of a file the corpus describes: a string as it is, `{"$json": v}`, `{"$bom": v}`,
 * `{"$base64": s}`, `{"$wrap": "...%s...", "fill": [{unit, times}]}`, `{"$config": patch}` (the base
 * config with the patch applied), `{"$dir": true}` (a folder, returned as "dir"), `{"$": "delete"}`.
 */
export function fileContent(spec: unknown, baseConfig: Record<string, unknown>, context: ValueContext): Buffer | "dir" | "delete" {
  if (typeof spec === "string") return Buffer.from(spec, "utf8");
  const tagged = (spec ?? {}) as Record<string, unknown>;
  if (tagged.$dir === true) return "dir";
  if (tagged.$ === "delete") return "delete";
  if ("$json" in tagged) return Buffer.from(JSON.stringify(materialize(tagged.$json, context)));
  if ("$config" in tagged) return Buffer.from(JSON.stringify(patched(baseConfig, tagged.$config, context)));
  if ("$bom" in tagged) {
    const inner = tagged.$bom as Record<string, unknown>;
    const json = "$config" in inner ? fileContent(inner, baseConfig, context) : Buffer.from(JSON.stringify(materialize(inner, context)));
    if (!Buffer.isBuffer(json)) throw new Error("a $bom file needs JSON content");
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), json]);
  }
  if (typeof tagged.$base64 === "string") return Buffer.from(tagged.$base64, "base64");
  if (typeof tagged.$wrap === "string") {
    const fill = (tagged.fill as Array<{ unit: string; times: number }>).map(({ unit, times }) => unit.repeat(times)).join("");
    return Buffer.from(tagged.$wrap.replace("%s", fill), "utf8");
  }
  throw new Error(`the corpus describes a file it cannot write: ${JSON.stringify(spec).slice(0, 200)}`);
}

function patched(base: Record<string, unknown>, patch: unknown, context: ValueContext): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(materialize(patch, context) as Record<string, unknown>)) {
    if (value === DELETE) delete out[key];
    else Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}
