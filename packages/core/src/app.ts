import type { AppManifest, AppSource } from "./appManifest";
import { codeTypeDefine } from "./codeType";
import { loadConfig } from "./config";
import type { ElementDefine } from "./declaration";
import type { ElementClass } from "./element";
import type { Environment } from "./env";
import { ElementError, isElementError } from "./errors";
import { Lifecycle } from "./lifecycle";
import { loadElementClass, messageOf, resolveElementModule } from "./moduleLoader";
import { selectElements, typeChain } from "./selectors";
import { suggestionText } from "./suggest";

/**
 * Maps each fullName to what `getElement` returns for it. Empty here; `writeElementTypes` generates a
 * declaration that fills it in, so that `app.getElement("storages.MyS3")` is typed.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled in by declaration merging from the generated element map
export interface ElementMap {}

export interface RegisterTypeOptions {
  /** Replace an existing Type of that name. Without it, an existing name is an error. */
  override?: boolean;
  /** The Meta or Type the new Type belongs to, when the name is new. Defaults to "" (no family). */
  type?: string;
  title?: string;
}

/** A running application: its declarations, its Types, and its lazily built elements. */
export class App {
  readonly root: string;
  readonly manifest: AppManifest;
  /** The application and the applications it extends, child first. */
  readonly chain: readonly AppSource[];
  readonly env: Environment;
  private readonly defines: Map<string, ElementDefine>;
  private readonly registered = new Map<string, ElementClass>();
  private readonly classes = new Map<string, ElementClass>();
  private readonly instances = new Map<string, unknown>();
  private readonly lifecycle = new Lifecycle();

  /** A parent's private elements: they resolve its own Types' chains, and no lookup finds them. */
  private readonly hidden: Set<string>;

  constructor(chain: readonly AppSource[], defines: Map<string, ElementDefine>, env: Environment, hidden: Set<string> = new Set()) {
    const own = chain[0];
    if (!own) throw new Error("an application chain holds at least the application itself");
    this.root = own.root;
    this.manifest = own.manifest;
    this.chain = chain;
    this.defines = defines;
    this.hidden = hidden;
    this.env = env;
  }

  get appId(): string | undefined {
    return this.manifest.appId;
  }

  /**
   * The element of that fullName, built on first use and cached: an instance for an Instance, the class
   * for a Type or a Meta. Synchronous; throws at once for an unknown name, suggesting near names.
   */
  getElement<K extends keyof ElementMap & string>(fullName: K): ElementMap[K];
  // biome-ignore lint/suspicious/noExplicitAny: an untyped name is usable as the seed uses it; pass T for a checked type
  getElement<T = any>(fullName: string): T;
  getElement(fullName: string): unknown {
    const cached = this.instances.get(fullName);
    if (cached !== undefined) return cached;
    const define = this.getElementDefine(fullName);
    const element = define.kind === "instance" ? this.instantiate(define) : this.classOf(define);
    if (define.kind === "instance") this.lifecycle.loaded(define, element);
    this.instances.set(fullName, element);
    return element;
  }

  /** Settles when the instance's asynchronous `onLoad` has; rejects (E_LOAD_FAILED) when it failed. */
  whenLoaded(fullName: string): Promise<void> {
    return this.lifecycle.whenLoaded(fullName);
  }

  /** `onAppExit` on every built instance, newest first; idempotent; see lifecycle.ts. Throws E_EXIT_FAILED. */
  async close(): Promise<void> {
    for (const [name] of this.instances) if (this.defines.get(name)?.kind === "instance") this.instances.delete(name);
    await this.lifecycle.close();
  }

  /** Calls a Type hook (static `onCreate` / `onDelete` of the instance's class) for an instance, if defined. */
  async runTypeHook(hook: "onCreate" | "onDelete", fullName: string): Promise<void> {
    await this.instanceClassOf(this.getElementDefine(fullName))[hook]?.(fullName, this); // `this` in the hook: the class
  }

  /** The declaration of an element, without loading it. */
  getElementDefine(fullName: string): ElementDefine {
    const define = this.defines.get(fullName);
    if (define && !this.hidden.has(fullName)) return define;
    // The name is the caller's input: shown cut short, so a huge one does not make a huge message.
    const shown = String(fullName).length > 200 ? `${String(fullName).slice(0, 200)}…` : String(fullName);
    throw new ElementError(
      "E_ELEMENT_NOT_FOUND",
      `no element "${shown}" in ${this.root}.${suggestionText(
        fullName,
        this.visibleDefines().map((d) => d.fullName),
      )}`,
      {
        fullName: shown,
      },
    );
  }

  hasElement(fullName: string): boolean {
    return this.defines.has(fullName) && !this.hidden.has(fullName);
  }

  /** Declarations matching a selector (`fullName`, `.Type`, `prefix.*`, comma-separated), without loading. */
  findElementsDefine(selector: string): ElementDefine[] {
    return selectElements(selector, this.defines).filter((define) => !this.hidden.has(define.fullName));
  }

  /** The elements matching a selector, loaded. */
  findElements<T = unknown>(selector: string): T[] {
    return this.findElementsDefine(selector).map((define) => this.getElement<T>(define.fullName));
  }

  getAllElementsDefine(): Record<string, ElementDefine> {
    return Object.fromEntries(this.visibleDefines().map((define) => [define.fullName, define]));
  }

  /** The fullNames of an element's type chain, nearest first, ending at its Meta. */
  getTypeChain(fullName: string): string[] {
    return typeChain(this.getElementDefine(fullName), this.defines);
  }

  /**
   * The fullName configured as the default element of a kind in app.json
   * `settings.defaultElement.default<Kind>`, else `<kind>s.Default` (JitAi's convention).
   */
  getDefaultElementName(kind: string): string {
    const key = `default${kind.charAt(0).toUpperCase()}${kind.slice(1)}`;
    for (const app of this.chain) {
      const configured = app.manifest.settings?.defaultElement?.[key];
      if (configured) return configured;
    }
    return `${kind}s.Default`;
  }

  /** The element configured as the default of a kind (see getDefaultElementName), e.g. `getDefaultElement("storage")`. */
  // biome-ignore lint/suspicious/noExplicitAny: as getElement, for a name known only at run time
  getDefaultElement<T = any>(kind: string): T {
    return this.getElement<T>(this.getDefaultElementName(kind));
  }

  /** Registers a Type implemented in code, or overrides a declared or registered one with `{ override: true }`. */
  registerType(fullName: string, cls: ElementClass, options: RegisterTypeOptions = {}): void {
    if (typeof cls !== "function") throw new TypeError(`registerType("${fullName}") needs a class`);
    const existing = this.hasElement(fullName) ? this.defines.get(fullName) : undefined;
    if (existing && existing.appRoot !== this.root && existing.accessModifier === "protected") {
      throw new ElementError("E_OVERRIDE_FORBIDDEN", `"${fullName}" is protected by ${existing.file} and cannot be replaced`, {
        fullName,
        file: existing.file,
      });
    }
    if (existing && !options.override) {
      throw new ElementError("E_TYPE_ALREADY_REGISTERED", `"${fullName}" already exists (${existing.file}); pass { override: true } to replace it`, {
        fullName,
        file: existing.file,
      });
    }
    const loaded = [...this.instances.keys()].filter((name) => name === fullName || this.getTypeChain(name).includes(fullName));
    if (loaded.length > 0) {
      throw new ElementError("E_TYPE_IN_USE", `cannot replace "${fullName}": ${loaded.join(", ")} already loaded with it`, { fullName });
    }
    this.registered.set(fullName, cls);
    this.classes.clear();
    if (!existing) this.hidden.delete(fullName); // a name registered in code takes a hidden element's place
    if (!existing) this.defines.set(fullName, codeTypeDefine(fullName, this.root, { ...options, title: options.title ?? cls.name }));
  }

  /**
   * Checks every instance the way first use would (config against the schema, then the constructor, which
   * may check more), without keeping the instances; returns the problems. Constructors build nothing heavy.
   */
  validateConfigs(): ElementError[] {
    const problems: ElementError[] = [];
    for (const define of this.visibleDefines()) {
      // A broken type chain is a declaration problem that inspectApp reports already.
      if (define.kind !== "instance" || !this.hasSoundTypeChain(define)) continue;
      try {
        if (!this.instances.has(define.fullName)) this.instantiate(define);
      } catch (error) {
        if (!isElementError(error)) throw error;
        problems.push(error);
      }
    }
    return problems;
  }

  private visibleDefines(): ElementDefine[] {
    return [...this.defines.values()].filter((define) => !this.hidden.has(define.fullName));
  }

  private hasSoundTypeChain(define: ElementDefine): boolean {
    const chain = typeChain(define, this.defines);
    const last = chain[chain.length - 1];
    return last !== undefined && this.defines.get(last)?.type === "";
  }

  private instantiate(define: ElementDefine): unknown {
    const cls = this.instanceClassOf(define);
    const { config, file } = loadConfig(define, cls, this.env);
    try {
      return new cls({ app: this, define, config, configFile: file });
    } catch (cause) {
      if (isElementError(cause)) throw cause;
      throw new ElementError("E_LOAD_FAILED", `${define.fullName}: constructing ${cls.name || "its class"} failed: ${messageOf(cause)}`, {
        fullName: define.fullName,
        file: define.file,
        cause,
      });
    }
  }

  /** An instance's own module subclassing its Type, or else its Type's class. */
  private instanceClassOf(define: ElementDefine): ElementClass {
    const ownModule = resolveElementModule(define);
    if (ownModule !== undefined) return this.cachedClass(define.fullName, () => loadElementClass(define, ownModule));
    const type = this.defines.get(define.type);
    if (!type)
      throw new ElementError("E_UNKNOWN_TYPE", `${define.fullName}: its type "${define.type}" is not declared`, {
        fullName: define.fullName,
        file: define.file,
      });
    return this.classOf(type, define);
  }

  /** A Type's class: registered in code, else its own module, else inherited from the Type it extends. */
  private classOf(define: ElementDefine, requester: ElementDefine = define, visited: ReadonlySet<string> = new Set()): ElementClass {
    if (visited.has(define.fullName)) {
      throw new ElementError("E_TYPE_CYCLE", `${requester.fullName}: its type chain loops at ${define.fullName}`, {
        fullName: requester.fullName,
        file: define.file,
      });
    }
    return this.cachedClass(define.fullName, () => {
      const registered = this.registered.get(define.fullName);
      if (registered) return registered;
      const moduleFile = resolveElementModule(define);
      if (moduleFile !== undefined) return loadElementClass(define, moduleFile);
      const parent = define.type === "" ? undefined : this.defines.get(define.type);
      if (parent && parent.kind !== "meta") return this.classOf(parent, requester, new Set([...visited, define.fullName]));
      throw new ElementError("E_LOAD_FAILED", `${requester.fullName}: no class implements it (${define.fullName} has no module)`, {
        fullName: requester.fullName,
        file: define.file,
        help: `Give ${define.fullName} a module (backendBundleEntry "." and an index.ts), or register one with app.registerType.`,
      });
    });
  }

  private cachedClass(fullName: string, load: () => ElementClass): ElementClass {
    let cls = this.classes.get(fullName);
    if (!cls) {
      cls = load();
      this.classes.set(fullName, cls);
    }
    return cls;
  }
}
