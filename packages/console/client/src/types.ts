export interface Problem {
  code: string;
  message: string;
  fullName: string | null;
  pointer: string | null;
}

export interface TreeElement {
  fullName: string;
  name: string;
  title: string;
  kind: "meta" | "type" | "instance";
  type: string;
  family: string;
  origin: "declared" | "inherited" | "overridden";
  appRoot: string;
  problems: number;
}

export interface ElementsResponse {
  root: string;
  appId: string | null;
  parents: string[];
  elements: TreeElement[];
  problems: Problem[];
}

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  enum?: unknown[];
  default?: unknown;
  description?: string;
  examples?: unknown[];
  writeOnly?: boolean;
}

export interface ElementDetail {
  fullName: string;
  kind: TreeElement["kind"];
  type: string;
  title: string;
  file: string;
  appRoot: string;
  declaration: Record<string, unknown>;
  typeChain: string[];
  isStorage: boolean;
  schema: JsonSchema | null;
  configFile: string | null;
  config: Record<string, unknown> | null;
  problems: Problem[];
}

export interface CheckStep {
  name: string;
  status: "ok" | "warning" | "failed" | "skipped";
  ms: number;
  detail?: string;
  fix?: string;
  error?: { code: string; message: string };
}

export interface SaveResult {
  element: string;
  saved: boolean;
  files: string[];
  problems: Problem[];
  onCreate?: { outcome: string; message?: string };
  check?: { ok: boolean; steps: CheckStep[] };
}

export interface ListEntry {
  name: string;
  size: number;
  lastModified: string;
}

export interface FolderPage {
  files: ListEntry[];
  folders: string[];
  nextCursor?: string;
}
