import { useEffect, useState } from "preact/hooks";
import { api, enc } from "./api";
import { InstanceForm } from "./InstanceForm";
import type { ElementDetail, ElementsResponse, TreeElement } from "./types";

const ORIGIN_LABEL = { declared: "declared here", inherited: "inherited", overridden: "overrides a parent's" } as const;

function Tree({ data, selected }: { data: ElementsResponse; selected: string }) {
  const metas = data.elements.filter((e) => e.kind === "meta");
  const families = [...new Set([...metas.map((m) => m.fullName), ...data.elements.map((e) => e.family)])].sort();
  const item = (element: TreeElement) => (
    <li key={element.fullName}>
      <a href={`#/elements/${enc(element.fullName)}`} aria-current={element.fullName === selected ? "true" : undefined}>
        {element.fullName}
      </a>{" "}
      <span class={`tag ${element.origin}`}>{ORIGIN_LABEL[element.origin]}</span>
      {element.problems > 0 && (
        <span class="tag bad">
          {element.problems} problem{element.problems > 1 ? "s" : ""}
        </span>
      )}
    </li>
  );
  return (
    <nav aria-label="Elements" class="tree">
      {families.map((family) => {
        const members = data.elements.filter((e) => e.family === family);
        const types = members.filter((e) => e.kind === "type");
        const instances = members.filter((e) => e.kind === "instance");
        return (
          <section key={family || "none"}>
            <h2>{family || "No family (broken type chain)"}</h2>
            <h3>Types</h3>
            <ul>{types.map(item)}</ul>
            <h3>Instances</h3>
            <ul>{instances.length ? instances.map(item) : <li class="muted">none</li>}</ul>
          </section>
        );
      })}
    </nav>
  );
}

function Detail({ fullName, reload }: { fullName: string; reload: () => void }) {
  const [detail, setDetail] = useState<ElementDetail | undefined>();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState("");
  useEffect(() => {
    setEditing(false);
    api<ElementDetail>(`elements/${enc(fullName)}`).then(setDetail, (e: Error) => setError(e.message));
  }, [fullName]);
  if (error) return <p role="alert">{error}</p>;
  if (!detail) return <p>Loading…</p>;
  if (editing && detail.kind === "instance") {
    return <InstanceForm type={detail.type} existing={detail} onSaved={reload} />;
  }
  return (
    <article aria-labelledby="detail-title">
      <h2 id="detail-title">{detail.fullName}</h2>
      <p>
        {detail.kind === "meta" ? "Meta" : detail.kind === "type" ? "Type" : "Instance"} “{detail.title}” · {detail.typeChain.join(" → ") || "no chain"}
      </p>
      <p class="muted">{detail.file}</p>
      {detail.kind === "type" && <a href={`#/new/${enc(detail.fullName)}`}>New instance of {detail.fullName}</a>}
      {detail.kind === "instance" && (
        <p class="actions">
          <button type="button" onClick={() => setEditing(true)}>
            Edit config
          </button>
          {detail.isStorage && <a href={`#/objects/${enc(detail.fullName)}`}>Browse objects</a>}
        </p>
      )}
      <ProblemList problems={detail.problems} />
      <h3>Declaration (e.json)</h3>
      <pre>{JSON.stringify(detail.declaration, null, 2)}</pre>
      {detail.config && (
        <>
          <h3>Config ({detail.configFile}), secrets masked</h3>
          <pre data-testid="config">{JSON.stringify(detail.config, null, 2)}</pre>
        </>
      )}
    </article>
  );
}

export function ProblemList({ problems }: { problems: Array<{ code: string; message: string }> }) {
  if (problems.length === 0) return null;
  return (
    <section role="alert" class="problems">
      <h3>Problems (as `elemental validate` reports them)</h3>
      <ul>
        {problems.map((p) => (
          <li key={p.message}>
            <code>{p.code}</code> {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ElementsView({ screen, target }: { screen: string; target: string }) {
  const [data, setData] = useState<ElementsResponse | undefined>();
  const [error, setError] = useState("");
  const load = () => api<ElementsResponse>("elements").then(setData, (e: Error) => setError(e.message));
  useEffect(() => void load(), []);
  if (error) return <p role="alert">{error}</p>;
  if (!data) return <p>Loading…</p>;
  return (
    <div class="split">
      <Tree data={data} selected={target} />
      <div class="pane">
        <p class="muted">
          Application {data.appId ?? ""} at {data.root}
          {data.parents.length > 0 && <> · extends {data.parents.length} package(s)</>}
        </p>
        {screen === "new" && target ? (
          <InstanceForm type={target} onSaved={load} />
        ) : target ? (
          <Detail fullName={target} reload={load} />
        ) : (
          <>
            <p>Choose an element, or a Type to make a new instance of it.</p>
            <ProblemList problems={data.problems} />
          </>
        )}
      </div>
    </div>
  );
}
