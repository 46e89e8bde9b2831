import { useEffect, useRef, useState } from "preact/hooks";
import { api, enc, humanSize } from "./api";
import { type UploadTask, upload } from "./uploads";
import type { ElementsResponse, FolderPage, ListEntry } from "./types";

interface StorageInfo {
  storageType: string;
  uploadOrigin: string | null;
  corsRule: unknown;
}

const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;
const EXPIRIES = [
  [300, "5 minutes"],
  [3600, "1 hour"],
  [86400, "1 day"],
  [604800, "7 days"],
] as const;

function StorageList() {
  const [names, setNames] = useState<string[] | undefined>();
  useEffect(() => {
    api<ElementsResponse>("elements").then((data) =>
      setNames(data.elements.filter((e) => e.kind === "instance" && e.family === "storages.Meta").map((e) => e.fullName)),
    );
  }, []);
  if (!names) return <p>Loading…</p>;
  return (
    <section>
      <h2>Storages</h2>
      <ul>
        {names.map((name) => (
          <li key={name}>
            <a href={`#/objects/${enc(name)}`}>{name}</a>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Thumbnail({ storage, name }: { storage: string; name: string }) {
  const [url, setUrl] = useState("");
  useEffect(() => {
    api<{ url: string }>(`storages/${enc(storage)}/sign`, { method: "POST", body: { name, expires: 600, disposition: "inline" } }).then(
      (s) => setUrl(s.url),
      () => undefined,
    );
  }, [storage, name]);
  return url ? <img class="thumb" src={url} alt="" loading="lazy" /> : null;
}

function Uploads({ storage, onDone }: { storage: string; onDone: () => void }) {
  const [tasks, setTasks] = useState<UploadTask[]>([]);
  const [over, setOver] = useState(false);
  const folder = location.hash.split("/").slice(3).map(decodeURIComponent).join("/");
  const start = (files: FileList | null) => {
    if (!files) return;
    const added = [...files].map((file, i) => ({
      id: Date.now() + i,
      file,
      name: `${folder ? `${folder.replace(/\/$/, "")}/` : ""}${file.name}`,
      loaded: 0,
      status: "waiting" as const,
    }));
    setTasks((old) => [...old, ...added]);
    const refresh = () => setTasks((old) => [...old]);
    void Promise.all(added.map((task) => upload(storage, task, refresh))).then(onDone);
  };
  return (
    <section aria-labelledby="upload-title">
      <h3 id="upload-title">Upload</h3>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is the pointer's way in; the file input inside is the keyboard's */}
      <div
        class={`drop${over ? " over" : ""}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          start(e.dataTransfer?.files ?? null);
        }}
      >
        <label for="files">Drop files here, or choose them: </label>
        <input id="files" type="file" multiple onChange={(e) => start((e.target as HTMLInputElement).files)} />
      </div>
      {tasks.length > 0 && (
        <ul class="tasks" aria-live="polite">
          {tasks.map((task) => (
            <li key={task.id} data-status={task.status}>
              <span>{task.name}</span>{" "}
              <progress max={task.file.size || 1} value={task.status === "done" ? task.file.size || 1 : task.loaded} aria-label={`${task.name} progress`} />{" "}
              <span>
                {task.status} {humanSize(task.loaded)} / {humanSize(task.file.size)}
              </span>
              {task.error && <span class="error"> {task.error}</span>}
              {task.cancel && (
                <button type="button" onClick={() => task.cancel?.()}>
                  Cancel
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Browser({ storage, folder }: { storage: string; folder: string }) {
  const [page, setPage] = useState<FolderPage | undefined>();
  const [search, setSearch] = useState("");
  const [results, setResults] = useState<{ files: ListEntry[]; more: boolean } | undefined>();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [confirming, setConfirming] = useState(false);
  const [link, setLink] = useState("");
  const [expires, setExpires] = useState(3600);
  const [preview, setPreview] = useState("");
  const [info, setInfo] = useState<StorageInfo | undefined>();
  const [error, setError] = useState("");
  const [message, setMessage] = useState("");
  const base = `storages/${enc(storage)}`;
  const prefix = folder && !folder.endsWith("/") ? `${folder}/` : folder;

  // One page on screen at a time (a folder may hold millions of keys): the cursors of the pages before it,
  // so that Previous goes back without keeping their rows.
  const [cursors, setCursors] = useState<Array<string | undefined>>([undefined]);
  const load = async (cursor?: string) => {
    try {
      setPage(await api<FolderPage>(`${base}/folder?prefix=${enc(prefix)}${cursor ? `&cursor=${enc(cursor)}` : ""}`));
    } catch (e) {
      setError((e as Error).message);
    }
  };
  const turn = (to: Array<string | undefined>) => {
    setCursors(to);
    setSelected(new Set());
    void load(to.at(-1));
  };
  useEffect(() => {
    setCursors([undefined]);
    setPage(undefined);
    setResults(undefined);
    setSelected(new Set());
    void load();
    api<StorageInfo>(`${base}/info`).then(setInfo, () => undefined);
  }, [storage, folder]);

  const sign = (name: string, seconds: number, disposition: "inline" | "attachment") =>
    api<{ url: string }>(`${base}/sign`, { method: "POST", body: { name, expires: seconds, disposition } }).then((s) => s.url);
  const download = async (name: string) => {
    const a = document.createElement("a");
    a.href = await sign(name, 300, "attachment");
    a.download = name.split("/").pop() ?? name;
    a.click();
  };
  const copyLink = async (name: string) => {
    const url = await sign(name, expires, "inline");
    setLink(url);
    await navigator.clipboard?.writeText(url).then(
      () => setMessage("Link copied"),
      () => setMessage("Copy the link from the box"),
    );
  };
  const remove = async () => {
    const names = [...selected];
    const result = await api<{ deleted: string[]; errors: Array<{ name: string; code: string }> }>(`${base}/delete`, { method: "POST", body: { names } });
    setMessage(`Deleted ${result.deleted.length}${result.errors.length ? `, ${result.errors.length} failed` : ""}`);
    setConfirming(false);
    setSelected(new Set());
    void load(cursors.at(-1));
  };
  const runSearch = async (event: Event) => {
    event.preventDefault();
    setResults(search ? await api<{ files: ListEntry[]; more: boolean }>(`${base}/search?prefix=${enc(prefix + search)}`) : undefined);
  };
  const toggle = (name: string) => {
    const next = new Set(selected);
    if (next.has(name)) next.delete(name);
    else next.add(name);
    setSelected(next);
  };
  const files = results?.files ?? page?.files ?? [];
  const crumbs = prefix.split("/").filter(Boolean);

  return (
    <section aria-labelledby="objects-title">
      <h2 id="objects-title">{storage}</h2>
      <nav aria-label="Folder" class="crumbs">
        <a href={`#/objects/${enc(storage)}`}>(root)</a>
        {crumbs.map((crumb, i) => (
          <span key={crumb}>
            {" / "}
            <a
              href={`#/objects/${enc(storage)}/${crumbs
                .slice(0, i + 1)
                .map(enc)
                .join("/")}/`}
            >
              {crumb}
            </a>
          </span>
        ))}
      </nav>
      {error && <p role="alert">{error}</p>}
      {info?.corsRule != null && (
        <details class="note">
          <summary>Uploads from the browser go straight to {info.uploadOrigin}: the bucket needs this CORS rule</summary>
          <pre>{JSON.stringify(info.corsRule, null, 2)}</pre>
        </details>
      )}
      <Uploads storage={storage} onDone={() => void load(cursors.at(-1))} />
      <form onSubmit={runSearch} class="toolbar">
        <label for="search">Names starting with</label>
        <input id="search" value={search} onInput={(e) => setSearch((e.target as HTMLInputElement).value)} />
        <button type="submit">Search</button>
        {results && (
          <button type="button" onClick={() => setResults(undefined)}>
            Clear search
          </button>
        )}
      </form>
      <div class="toolbar">
        <label for="expires">Link expiry</label>
        <select id="expires" value={expires} onChange={(e) => setExpires(Number((e.target as HTMLSelectElement).value))}>
          {EXPIRIES.map(([seconds, label]) => (
            <option key={seconds} value={seconds}>
              {label}
            </option>
          ))}
        </select>
        <button type="button" disabled={selected.size === 0} onClick={() => setConfirming(true)}>
          Delete selected ({selected.size})
        </button>
      </div>
      {confirming && (
        <div role="alertdialog" aria-labelledby="confirm-text" class="confirm">
          <p id="confirm-text">
            Delete {selected.size} object{selected.size === 1 ? "" : "s"}? This cannot be undone.
          </p>
          <button type="button" onClick={remove}>
            Delete
          </button>{" "}
          <button type="button" onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      )}
      {message && <p aria-live="polite">{message}</p>}
      {link && <input class="link" readOnly value={link} aria-label="Signed link" onFocus={(e) => (e.target as HTMLInputElement).select()} />}
      {preview && (
        <figure class="preview">
          <img src={preview} alt="The chosen file at full size" />
          <button type="button" onClick={() => setPreview("")}>
            Close preview
          </button>
        </figure>
      )}
      <table>
        <caption class="visually-hidden">Objects in {prefix || "the root"}</caption>
        <thead>
          <tr>
            <th scope="col">
              <span class="visually-hidden">Select</span>
            </th>
            <th scope="col">Name</th>
            <th scope="col">Size</th>
            <th scope="col">Modified</th>
            <th scope="col">Actions</th>
          </tr>
        </thead>
        <tbody>
          {!results &&
            page?.folders.map((sub) => (
              <tr key={sub}>
                <td />
                <td>
                  <a href={`#/objects/${enc(storage)}/${sub.split("/").filter(Boolean).map(enc).join("/")}/`}>{sub.slice(prefix.length)}</a>
                </td>
                <td>folder</td>
                <td />
                <td />
              </tr>
            ))}
          {files.map((file) => (
            <tr key={file.name}>
              <td>
                <input type="checkbox" checked={selected.has(file.name)} onChange={() => toggle(file.name)} aria-label={`Select ${file.name}`} />
              </td>
              <td>
                {IMAGE.test(file.name) && file.size < 20 * 1024 * 1024 && <Thumbnail storage={storage} name={file.name} />}
                {results ? file.name : file.name.slice(prefix.length)}
              </td>
              <td>{humanSize(file.size)}</td>
              <td>{new Date(file.lastModified).toLocaleString()}</td>
              <td class="actions">
                <button type="button" onClick={() => download(file.name)} aria-label={`Download ${file.name}`}>
                  Download
                </button>
                <button type="button" onClick={() => copyLink(file.name)} aria-label={`Copy a link to ${file.name}`}>
                  Copy link
                </button>
                {IMAGE.test(file.name) && (
                  <button type="button" onClick={async () => setPreview(await sign(file.name, 600, "inline"))} aria-label={`Preview ${file.name}`}>
                    Preview
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {!page && !error && <p>Loading…</p>}
      {page && !results && files.length === 0 && page.folders.length === 0 && <p>This folder is empty.</p>}
      {results?.more && <p>Showing the first {results.files.length} matches: narrow the search.</p>}
      {!results && page && (cursors.length > 1 || page.nextCursor) && (
        <nav aria-label="Pages" class="toolbar">
          <button type="button" disabled={cursors.length === 1} onClick={() => turn(cursors.slice(0, -1))}>
            Previous page
          </button>
          <span>Page {cursors.length}</span>
          <button type="button" disabled={!page.nextCursor} onClick={() => turn([...cursors, page.nextCursor])}>
            Next page
          </button>
        </nav>
      )}
    </section>
  );
}

export function ObjectsView({ storage, folder }: { storage?: string; folder: string }) {
  const ref = useRef<HTMLDivElement>(null);
  return <div ref={ref}>{storage ? <Browser storage={storage} folder={folder} /> : <StorageList />}</div>;
}
