import type { ElementDefine } from "./declaration";
import type { JsonSchema } from "./schemaValidation";
import type { App } from "./app";

/** What a Type's constructor receives when an instance is built. */
export interface ElementContext<Config = unknown> {
  readonly app: App;
  readonly define: ElementDefine;
  /** The instance's config, with `${VAR}` references resolved and validated against the Type's schema. */
  readonly config: Config;
  /** The file the config came from, when there is one. */
  readonly configFile: string | undefined;
}

/** A class that can build elements: what a Type's module exports (as its default export). */
export interface ElementClass<T = unknown> {
  // biome-ignore lint/suspicious/noExplicitAny: a class's constructor takes the context of its own config type
  new (context: ElementContext<any>): T;
  /** JSON Schema every instance's config is validated against before first use. */
  configSchema?: JsonSchema;
  /** Type lifecycle: called by `elemental new` once the instance's files are written (see lifecycle.ts). */
  onCreate?(fullName: string, app: App): void | Promise<void>;
  /** Type lifecycle: called by `elemental rm-element` before the instance's folder is removed. */
  onDelete?(fullName: string, app: App): void | Promise<void>;
}

/** A convenient base for element classes of any family. */
export abstract class Element<Config = Record<string, unknown>> {
  readonly app: App;
  readonly define: ElementDefine;
  readonly config: Config;

  constructor(context: ElementContext<Config>) {
    this.app = context.app;
    this.define = context.define;
    this.config = context.config;
  }

  get fullName(): string {
    return this.define.fullName;
  }

  get name(): string {
    return this.define.name;
  }

  get title(): string {
    return this.define.title;
  }

  /** Lifecycle: called once after the instance is built, before `getElement` returns it (see lifecycle.ts). */
  onLoad?(): void | Promise<void>;

  /** Lifecycle: called once by `app.close()`, newest element first: release what the element opened. */
  onAppExit?(): void | Promise<void>;
}
