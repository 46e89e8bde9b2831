import { humanSize, enc } from "./api";
import { IMAGE, Thumbnail } from "./ObjectPreview";
import type { ListEntry } from "./types";

/** Links to the folders above this one. */
export function Crumbs({ storage, prefix }: { storage: string; prefix: string }) {
  const crumbs = prefix.split("/").filter(Boolean);
  return (
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
  );
}

interface FolderListProps {
  storage: string;
  prefix: string;
  /** The sub-folders to show (none while search results are shown). */
  folders: readonly string[];
  files: readonly ListEntry[];
  /** Search results show their whole names; a folder's files their names in it. */
  wholeNames: boolean;
  selected: ReadonlySet<string>;
  toggle: (name: string) => void;
  download: (name: string) => void;
  copyLink: (name: string) => void;
  preview: (name: string) => void;
}

/** One page of a folder: its sub-folders, then its files with selection, download, link and preview. */
export function FolderList({ storage, prefix, folders, files, wholeNames, selected, toggle, download, copyLink, preview }: FolderListProps) {
  return (
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
        {folders.map((sub) => (
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
              {wholeNames ? file.name : file.name.slice(prefix.length)}
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
                <button type="button" onClick={() => preview(file.name)} aria-label={`Preview ${file.name}`}>
                  Preview
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
