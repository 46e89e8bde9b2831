import { useEffect, useRef, useState } from "preact/hooks";
import { api, enc } from "./api";
import { Crumbs, FolderList } from "./FolderList";
import { ObjectPreview } from "./ObjectPreview";
import { StorageList } from "./StorageList";
import { UploadPanel } from "./UploadPanel";
import type { FolderPage, ListEntry } from "./types";

interface StorageInfo {
  storageType: string;
  uploadOrigin: string | null;
  corsRule: unknown;
}

const EXPIRIES = [
  [300, "5 minutes"],
  [3600, "1 hour"],
  [86400, "1 day"],
  [604800, "7 days"],
] as const;

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

  return (
    <section aria-labelledby="objects-title">
      <h2 id="objects-title">{storage}</h2>
      <Crumbs storage={storage} prefix={prefix} />
      {error && <p role="alert">{error}</p>}
      {info?.corsRule != null && (
        <details class="note">
          <summary>Uploads from the browser go straight to {info.uploadOrigin}: the bucket needs this CORS rule</summary>
          <pre>{JSON.stringify(info.corsRule, null, 2)}</pre>
        </details>
      )}
      <UploadPanel storage={storage} onDone={() => void load(cursors.at(-1))} />
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
      {preview && <ObjectPreview url={preview} onClose={() => setPreview("")} />}
      <FolderList
        storage={storage}
        prefix={prefix}
        folders={results ? [] : (page?.folders ?? [])}
        files={files}
        wholeNames={results !== undefined}
        selected={selected}
        toggle={toggle}
        download={download}
        copyLink={copyLink}
        preview={async (name) => setPreview(await sign(name, 600, "inline"))}
      />
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
