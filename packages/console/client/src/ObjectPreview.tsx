import { useEffect, useState } from "preact/hooks";
import { api, enc } from "./api";

export const IMAGE = /\.(png|jpe?g|gif|webp|avif|svg)$/i;

/** A small image from a signed inline URL, for image objects in the list. */
export function Thumbnail({ storage, name }: { storage: string; name: string }) {
  const [url, setUrl] = useState("");
  useEffect(() => {
    api<{ url: string }>(`storages/${enc(storage)}/sign`, { method: "POST", body: { name, expires: 600, disposition: "inline" } }).then(
      (s) => setUrl(s.url),
      () => undefined,
    );
  }, [storage, name]);
  return url ? <img class="thumb" src={url} alt="" loading="lazy" /> : null;
}

/** The chosen image at full size, with a button to close it. */
export function ObjectPreview({ url, onClose }: { url: string; onClose: () => void }) {
  return (
    <figure class="preview">
      <img src={url} alt="The chosen file at full size" />
      <button type="button" onClick={onClose}>
        Close preview
      </button>
    </figure>
  );
}
