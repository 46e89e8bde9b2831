import { useEffect, useState } from "preact/hooks";
import { api, enc } from "./api";
import { ProblemList } from "./ElementsView";
import type { ElementDetail, JsonSchema, Problem, SaveResult } from "./types";

const MASK = "••••••••";
const SECRET = /secret|password|passphrase|token|credential|signingkey|privatekey|apikey/i;

interface Draft {
  schema: JsonSchema | null;
  config: Record<string, unknown>;
  env: string[];
}

function kindOf(schema: JsonSchema): string {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (schema.enum) return "enum";
  return type ?? "string";
}

/** A form value as the config stores it: numbers and flags typed, a `${VAR}` reference kept as text, an empty optional field left out. */
function toConfig(schema: JsonSchema, values: Record<string, string | boolean>): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    const property = schema.properties?.[field] ?? {};
    // Left empty is left out: a required field then reads "is required", as validate says of a missing one.
    if (value === "") continue;
    const kind = kindOf(property);
    if (typeof value === "boolean") config[field] = value;
    else if ((kind === "integer" || kind === "number") && value !== "" && !value.startsWith("${") && !Number.isNaN(Number(value)))
      config[field] = Number(value);
    else if (kind === "enum") config[field] = property.enum?.find((option) => String(option) === value) ?? value;
    else config[field] = value;
  }
  return config;
}

function Field({
  name,
  schema,
  required,
  value,
  problems,
  onInput,
}: {
  name: string;
  schema: JsonSchema;
  required: boolean;
  value: string | boolean;
  problems: Problem[];
  onInput: (value: string | boolean) => void;
}) {
  const id = `field-${name}`;
  const kind = kindOf(schema);
  const described = [problems.length ? `${id}-error` : "", schema.description ? `${id}-help` : ""].filter(Boolean).join(" ") || undefined;
  const common = { id, name, "aria-invalid": problems.length ? ("true" as const) : undefined, "aria-describedby": described };
  return (
    <div class={`field${problems.length ? " invalid" : ""}`}>
      <label for={id}>
        {name}
        {required && <span aria-hidden="true"> *</span>}
        {required && <span class="visually-hidden"> (required)</span>}
        {(SECRET.test(name) || schema.writeOnly) && <span class="tag">secret</span>}
      </label>
      {kind === "boolean" ? (
        <input {...common} type="checkbox" checked={value === true} onChange={(e) => onInput((e.target as HTMLInputElement).checked)} />
      ) : kind === "enum" ? (
        <select {...common} value={String(value)} onChange={(e) => onInput((e.target as HTMLSelectElement).value)}>
          {!required && <option value="">(default)</option>}
          {schema.enum?.map((option) => (
            <option key={String(option)} value={String(option)}>
              {String(option)}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="text"
          required={required}
          value={String(value)}
          autocomplete="off"
          spellcheck={false}
          onInput={(e) => onInput((e.target as HTMLInputElement).value)}
        />
      )}
      {schema.description && (
        <small id={`${id}-help`} class="muted">
          {schema.description}
        </small>
      )}
      {problems.map((problem) => (
        <p key={problem.message} id={`${id}-error`} class="error">
          {problem.message}
        </p>
      ))}
    </div>
  );
}

function CheckReport({ result }: { result: SaveResult }) {
  return (
    <section aria-live="polite" class="result">
      <h3>{result.saved ? `Saved ${result.element}` : "Not saved"}</h3>
      {result.saved && (
        <ul>
          {result.files.map((file) => (
            <li key={file}>
              <code>{file}</code>
            </li>
          ))}
        </ul>
      )}
      {result.saved && <ProblemList problems={result.problems} />}
      {result.onCreate && (
        <p>
          onCreate: {result.onCreate.outcome}
          {result.onCreate.message ? ` (${result.onCreate.message})` : ""}
        </p>
      )}
      {result.check && (
        <>
          <h4>Storage check: {result.check.ok ? "it works" : "it does not work"}</h4>
          <ol class="steps">
            {result.check.steps.map((step) => (
              <li key={step.name} class={step.status}>
                <strong>{step.status}</strong> {step.name}
                {step.detail ? `: ${step.detail}` : ""} {step.status !== "skipped" && <span class="muted">{step.ms.toFixed(1)} ms</span>}
                {step.error && <div class="error">{step.error.message}</div>}
                {step.fix && <div>fix: {step.fix}</div>}
              </li>
            ))}
          </ol>
        </>
      )}
      {result.saved && <a href={`#/elements/${enc(result.element)}`}>Show {result.element}</a>}
    </section>
  );
}

/** A new instance of `type`, or an existing instance's config: a form made from the Type's JSON Schema. */
export function InstanceForm({ type, existing, onSaved }: { type: string; existing?: ElementDetail; onSaved: () => void }) {
  const [draft, setDraft] = useState<Draft | undefined>();
  const [element, setElement] = useState("");
  const [title, setTitle] = useState("");
  const [values, setValues] = useState<Record<string, string | boolean>>({});
  const [result, setResult] = useState<SaveResult | undefined>();
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    const name = existing ? existing.fullName.split(".").pop() : "NewStorage";
    api<Draft>(`types/${enc(type)}/draft?name=${enc(name ?? "")}`).then(
      (loaded) => {
        const start = existing ? { schema: existing.schema ?? loaded.schema, config: existing.config ?? {}, env: [] } : loaded;
        setDraft(start);
        const fields = Object.keys({ ...(start.schema?.properties ?? {}), ...start.config });
        setValues(
          Object.fromEntries(
            fields.map((field) => [field, typeof start.config[field] === "boolean" ? (start.config[field] as boolean) : String(start.config[field] ?? "")]),
          ),
        );
        if (!existing) setElement(`storages/${name}`);
      },
      (e: Error) => setError(e.message),
    );
  }, [type, existing?.fullName]);

  /** The `${VAR}` names follow the element's name (`storages/Files` -> FILES_...): fields still as drafted are drafted again. */
  const renamed = async () => {
    const name = element.split(/[/.]/).pop();
    if (!name || !draft) return;
    const next = await api<Draft>(`types/${enc(type)}/draft?name=${enc(name)}`);
    const drafted = (field: string, config: Record<string, unknown>) => (typeof config[field] === "string" ? (config[field] as string) : undefined);
    setDraft(next);
    setValues((current) =>
      Object.fromEntries(
        Object.entries(current).map(([field, value]) => [field, value === drafted(field, draft.config) ? (drafted(field, next.config) ?? "") : value]),
      ),
    );
  };

  if (error) return <p role="alert">{error}</p>;
  if (!draft) return <p>Loading…</p>;
  const schema = draft.schema ?? {};
  const problems = result?.saved ? [] : (result?.problems ?? []);
  const fieldProblems = (field: string) => problems.filter((p) => p.pointer === `/${field}`);
  const otherProblems = problems.filter((p) => !p.pointer || !(p.pointer.slice(1) in values));

  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setResult(undefined);
    try {
      const config = toConfig(schema, values);
      const saved = existing
        ? await api<SaveResult>(`instances/${enc(existing.fullName)}`, { method: "PUT", body: { config } })
        : await api<SaveResult>("instances", { method: "POST", body: { element, type, title, config } });
      setResult(saved);
      if (saved.saved) onSaved();
      else document.querySelector<HTMLElement>("[aria-invalid=true]")?.focus();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="form-title">
      <h2 id="form-title">{existing ? `Edit ${existing.fullName}` : `New instance of ${type}`}</h2>
      {!existing && (
        <>
          <div class="field">
            <label for="element">Element folder</label>
            <input id="element" value={element} required onInput={(e) => setElement((e.target as HTMLInputElement).value)} onBlur={renamed} />
            <small class="muted">e.g. storages/Files: written as e.json and Files.json, as `elemental new` does</small>
          </div>
          <div class="field">
            <label for="title">Title</label>
            <input id="title" value={title} placeholder="(its name)" onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
          </div>
        </>
      )}
      {existing && <p class="muted">Secret values are masked ({MASK}); leave them to keep what is stored.</p>}
      {draft.env.length > 0 && <p class="muted">Secrets are written as references to environment variables: set {draft.env.join(", ")} before using it.</p>}
      <fieldset>
        <legend>Config</legend>
        {Object.keys(values).map((field) => (
          <Field
            key={field}
            name={field}
            schema={schema.properties?.[field] ?? {}}
            required={schema.required?.includes(field) ?? false}
            value={values[field] ?? ""}
            problems={fieldProblems(field)}
            onInput={(value) => setValues({ ...values, [field]: value })}
          />
        ))}
      </fieldset>
      <ProblemList problems={otherProblems} />
      <button type="submit" disabled={busy}>
        {busy ? "Saving…" : existing ? "Save" : "Create"}
      </button>
      {result && <CheckReport result={result} />}
    </form>
  );
}
