import { rename, stat } from "node:fs/promises";
import { type Visibility, contentTypeFor } from "@elemental/storages";
import { removeQuietly, writeTemp } from "./atomicWrite";
import { noSuchObject } from "./fsErrors";
import type { NamedLock } from "./lock";
import type { DiskPaths } from "./paths";
import { derivedEtag, descriptionOf, readSidecar, sidecarFor } from "./sidecar";

/**
 * An object's visibility, kept in its sidecar (`visibility: "public"`; none means private). Changing it
 * rewrites the sidecar with the same description of the same data file, under the object's lock, so
 * the object's bytes, ETag and other attributes stay as they were.
 */
export class DiskVisibility {
  constructor(
    private readonly paths: DiskPaths,
    private readonly lock: NamedLock,
  ) {}

  async set(key: string, visibility: Visibility): Promise<void> {
    const location = await this.paths.existing(key);
    await this.lock.run(location.file, async () => {
      const stats = await stat(location.file, { bigint: true });
      if (!stats.isFile()) throw noSuchObject();
      const described = descriptionOf(await readSidecar(location.sidecar), stats);
      const {
        v: _v,
        size: _size,
        mtimeNs: _mtime,
        previous: _previous,
        ...description
      } = described ?? {
        v: 1,
        size: 0,
        mtimeNs: "",
        contentType: contentTypeFor(key),
        etag: derivedEtag(stats),
        metadata: {},
      };
      const sidecar = sidecarFor({ ...description, visibility: visibility === "public" ? "public" : undefined }, stats);
      const bytes = Buffer.from(JSON.stringify(sidecar));
      const temp = (await writeTemp(location.dir, { kind: "bytes", bytes, size: bytes.length })).path;
      try {
        await rename(temp, location.sidecar);
      } catch (error) {
        await removeQuietly(temp);
        throw error;
      }
    });
  }
}
