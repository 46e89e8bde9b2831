import { useState } from "preact/hooks";
import { humanSize } from "./api";
import { type UploadTask, upload } from "./uploads";

/** Drop zone and file input for the current folder, with a progress bar and Cancel per file. */
export function UploadPanel({ storage, onDone }: { storage: string; onDone: () => void }) {
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
