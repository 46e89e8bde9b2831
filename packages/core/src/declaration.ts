import type { FieldTree } from "./nearMisses";
import type { JsonSchema } from "./schemaValidation";

export type AccessModifier = "private" | "protected" | "public";
export type ElementKind = "meta" | "type" | "instance";

/** What an e.json declares, plus where it was found. Unknown e.json fields are kept in `raw`. */
export interface ElementDefine {
  readonly fullName: string;
  /** The last segment of the fullName. */
  readonly name: string;
  readonly title: string;
  /** `""` for a Meta; otherwise the fullName of a Meta or a Type. */
  readonly type: string;
  readonly kind: ElementKind;
  readonly backendBundleEntry: string | undefined;
  readonly variables: readonly unknown[];
  readonly accessModifier: AccessModifier;
  readonly description: string | undefined;
  readonly tag: string | undefined;
  readonly cacheLevel: number | undefined;
  /** Absolute folder of the element. */
  readonly dir: string;
  /** Absolute path of its e.json. */
  readonly file: string;
  /** Root folder of the application that declares it. */
  readonly appRoot: string;
  readonly raw: Readonly<Record<string, unknown>>;
}

/** The JSON Schema of e.json. Unknown fields are allowed and kept. */
export const declarationSchema: JsonSchema = {
  type: "object",
  required: ["title", "type"],
  properties: {
    title: { type: "string", minLength: 1 },
    type: { type: "string", pattern: "^$|^[A-Za-z_$][\\w$-]*(\\.[A-Za-z_$][\\w$-]*)+$" },
    backendBundleEntry: { type: "string", minLength: 1 },
    frontBundleEntry: { type: "string" },
    variables: { type: "array" },
    accessModifier: { enum: ["private", "protected", "public"] },
    description: { type: "string" },
    tag: { type: "string" },
    icon: { type: "string" },
    cacheLevel: { enum: [0, 1, "0", "1"] },
    functionList: { type: "array" },
    kind: { enum: ["type", "instance"] },
  },
};

/** The JSON Schema of app.json. */
export const appManifestSchema: JsonSchema = {
  type: "object",
  properties: {
    appId: { type: "string" },
    name: { type: "string" },
    title: { type: "string" },
    version: { type: "string" },
    extends: {
      type: "array",
      items: {
        anyOf: [
          { type: "string", minLength: 1 },
          { type: "object", required: ["appId"], properties: { appId: { type: "string", minLength: 1 } } },
        ],
      },
    },
    ignore: { type: "array", items: { type: "string", minLength: 1 } },
    settings: {
      type: "object",
      properties: {
        defaultElement: { type: "object", additionalProperties: { type: "string" } },
      },
    },
  },
};

const LEAF: FieldTree = {};

/** Every e.json field of JitAi's element spec, checked or not: a field one typo away from one of them is an error. */
export const DECLARATION_FIELDS: FieldTree = Object.fromEntries(
  [
    ...Object.keys(declarationSchema.properties as object),
    ...["frontMobileBundleEntry", "loadTime", "backendLoadTime", "db", "eventDescs", "inputArgs", "outputArgs"],
  ].map((field) => [field, LEAF]),
);

/** Every app.json field of JitAi's spec and ours, with the known fields of `settings`. */
export const MANIFEST_FIELDS: FieldTree = {
  ...Object.fromEntries(["appId", "name", "title", "version", "orgId", "icon", "theme", "encrypted", "extends", "ignore"].map((field) => [field, LEAF])),
  settings: {
    defaultElement: Object.fromEntries(["defaultCache", "defaultDatabase", "defaultShell", "defaultStorage"].map((field) => [field, LEAF])),
  },
};

/** A folder name that can be a fullName segment. */
export const SEGMENT_PATTERN = /^[A-Za-z_$][\w$-]*$/;
