import { useEffect, useState } from "preact/hooks";
import { api, enc } from "./api";
import type { ElementsResponse } from "./types";

/** The application's storage instances, each a link to its objects. */
export function StorageList() {
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
