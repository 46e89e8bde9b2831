/** JitAi's attachment item: what `uploadByFile` returns, and the file record kept in the storage. */
export interface AttachmentItem {
  /** The record's id: derived from the stored name (see recordKeys), so a name finds its record in one request. */
  id: string;
  md5: string;
  /** The preview URL: signed and expiring, or stable when the upload asked for `public`. */
  url: string;
  /** The stored name (`<md5><ext>` with md5 naming). */
  name: string;
  size: number;
  /** The MIME type. */
  type: string;
  /** Seconds the file lives after its upload, or null. */
  expires: number | null;
  /** The original file name. */
  fileName: string;
  /** The storage Type, e.g. `storages.DiskType`. */
  fullName: string;
  /** The storage instance, e.g. `storages.Default`. */
  storeFullName: string;
  /** Milliseconds since the epoch. */
  uploadTime: number;
  /** Ours: when the file stops existing (ms since the epoch), or null. */
  expireTime: number | null;
  /** Ours: whether unsigned preview URLs are served for this file. */
  public: boolean;
}
